// The logged-in account, as the pages see it. Loaded once when a protected page is first opened and
// again after login or logout; a 401 from any API later means the session ended (see expire()).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { fetchSession, login as apiLogin, logout as apiLogout, type SessionUser } from './auth.api.ts';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<SessionUser | null>(null);
  const grids = ref<number[] | null>(null);
  const loaded = ref(false);

  async function refresh(): Promise<void> {
    const session = await fetchSession();
    user.value = session.user;
    grids.value = session.grids;
    loaded.value = true;
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await refresh();
  }

  async function login(username: string, password: string): Promise<void> {
    await apiLogin(username, password);
    await refresh();
  }

  async function logout(): Promise<void> {
    await apiLogout();
    user.value = null;
    grids.value = null;
  }

  /** the server no longer knows the session (expired, logged out elsewhere) */
  function expire(): void {
    user.value = null;
    grids.value = null;
  }

  return { user, grids, loaded, refresh, ensureLoaded, login, logout, expire };
});

import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from './auth/auth.store.ts';
import { pageVerdict } from './auth/page.access.ts';

// Each page is its own chunk: the kiosk never downloads the editor.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'map', component: () => import('./pages/MapPage.vue') },
    { path: '/editor/:rest(.*)*', name: 'editor', component: () => import('./pages/EditorPage.vue') },
    { path: '/kiosk/:rest(.*)*', name: 'kiosk', component: () => import('./pages/KioskPage.vue') },
    { path: '/dispatch/:rest(.*)*', name: 'dispatch', component: () => import('./pages/DispatchPage.vue') },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});

// The editor and the dispatch centre need an account (web/auth/page.access.ts); everything else is public.
router.beforeEach(async (to) => {
  if (pageVerdict(to.name, null) === 'allow') return true;
  const auth = useAuthStore();
  try {
    await auth.ensureLoaded();
  } catch {
    // the server is unreachable: the login page says so when it tries
  }
  return pageVerdict(to.name, auth.user) === 'allow' ? true : { name: 'login', query: { next: to.fullPath } };
});

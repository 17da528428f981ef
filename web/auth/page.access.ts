// Which pages need an account and which roles may open them; pure, so the router guard and its test
// share one table. The server enforces the same roles on the API; this only spares a user a page that
// would answer 403 everywhere.
import type { Role, SessionUser } from './auth.api.ts';

/** route name → the roles that may open it; pages not listed are public (map, kiosk, login) */
export const PAGE_ROLES: Record<string, Role[]> = {
  editor: ['planner', 'admin'],
  dispatch: ['dispatcher', 'admin', 'grid_worker'],
};

export type PageVerdict = 'allow' | 'login' | 'denied';

export function pageVerdict(routeName: string | symbol | null | undefined, user: SessionUser | null): PageVerdict {
  const roles = typeof routeName === 'string' ? PAGE_ROLES[routeName] : undefined;
  if (!roles) return 'allow';
  if (!user) return 'login';
  return roles.includes(user.role) ? 'allow' : 'denied';
}

/** Where to go after login: a path on this site only (no //evil.example, no https://…), else the map. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

// Who may call a route. Each route declares its access next to its definition
// (`config: { access: ['planner', 'admin'] }`); one hook in the auth plugin applies this rule, so no
// handler checks roles by hand. The rule itself is pure: an access declaration and a user in, a verdict out.

/** Account roles. Anonymous callers (kiosk, public map, Open311 intake) have no account and no role. */
export const ROLES = ['admin', 'planner', 'dispatcher', 'grid_worker'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - 'public': anyone, no identity looked up (tiles, lookups, search, the web app)
 * - 'authenticated': any logged-in account
 * - a list of roles: a logged-in account with one of them (admin is not implied: list it)
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** The account a request acts as, from its session cookie or its API token. */
export interface AuthUser {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  /** the staff row of a grid worker (staff.id); their grids are those with this worker_id */
  staff_id: number | null;
  /** how the request proved who it is */
  via: 'session' | 'token';
}

export type Verdict = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export function checkAccess(access: Access, user: AuthUser | null): Verdict {
  if (access === 'public') return { allowed: true };
  if (!user) return { allowed: false, status: 401, message: 'log in first: this needs an account (POST /api/auth/login, or an API token as Authorization: Bearer …)' };
  if (access === 'authenticated' || access.includes(user.role)) return { allowed: true };
  return { allowed: false, status: 403, message: `your role (${user.role}) may not do this; it needs one of: ${access.join(', ')}` };
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when the declaration is well formed; routes are checked at start so a typo fails loudly. */
export function isAccess(value: unknown): value is Access {
  if (value === 'public' || value === 'authenticated') return true;
  return Array.isArray(value) && value.length > 0 && value.every(isRole);
}

// The auth API as the web app uses it. The session itself lives in an HTTP-only cookie the page
// cannot read; these calls only ask the server who is logged in, log in and log out.
export type Role = 'admin' | 'planner' | 'dispatcher' | 'grid_worker';

export interface SessionUser {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  staff_id: number | null;
}

export interface Session {
  user: SessionUser | null;
  /** a grid worker's grids (with descendants); null for every other role */
  grids: number[] | null;
}

/** A refused login: 401 wrong name or password, 403 disabled, 429 locked (retryAfter seconds). */
export class LoginError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

const json = { accept: 'application/json' };

export async function fetchSession(): Promise<Session> {
  const res = await fetch('/api/auth/session', { headers: json, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as Session;
}

export async function login(username: string, password: string): Promise<SessionUser> {
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...json, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { user?: SessionUser; message?: string };
  if (!res.ok || !body.user) {
    const retry = res.headers.get('retry-after');
    throw new LoginError(res.status, body.message ?? `${res.status} ${res.statusText}`, retry === null ? null : Number(retry));
  }
  return body.user;
}

export async function logout(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
}

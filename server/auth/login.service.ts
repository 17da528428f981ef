// Password login: lock-out first (a locked name is not even checked), then the password — against a
// decoy hash when no account has the name, so unknown names cost the same time — then a session.
import type { LoginLockout } from './login.lockout.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password.hash.ts';
import { MAX_PASSWORD_LENGTH } from './password.policy.ts';
import type { SessionRepository } from './session.repository.ts';
import type { UserRecord, UserRepository } from './user.repository.ts';

export type LoginOutcome =
  | { ok: true; user: UserRecord; token: string; expires_at: string }
  | { ok: false; status: 401 | 403; message: string }
  | { ok: false; status: 429; retryAfter: number; message: string };

const WRONG = 'wrong user name or password';

const lockedMessage = (seconds: number) =>
  `too many failed logins for this user name; it is locked for ${Math.ceil(seconds / 60)} more minute(s) (ask an administrator to unlock it sooner)`;

export function loginService(users: UserRepository, sessions: SessionRepository, lockout: LoginLockout) {
  async function login(username: string, password: string): Promise<LoginOutcome> {
    const locked = await lockout.lockedFor(username);
    if (locked > 0) return { ok: false, status: 429, retryAfter: locked, message: lockedMessage(locked) };
    const user = await users.findForLogin(username);
    const stored = user?.password_hash ?? (await decoyHash());
    const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, stored)) && user !== null && user.password_hash !== null;
    if (!matches) {
      const lockedNow = await lockout.fail(username);
      if (lockedNow > 0) return { ok: false, status: 429, retryAfter: lockedNow, message: lockedMessage(lockedNow) };
      return { ok: false, status: 401, message: WRONG };
    }
    // the password was right: saying the account is disabled tells only its owner
    if (user.disabled) return { ok: false, status: 403, message: 'this account is disabled; ask an administrator' };
    await lockout.clear(username);
    await users.touchLogin(user.id, needsRehash(stored) ? await hashPassword(password) : undefined);
    const { token, expires_at } = await sessions.open(user.id);
    const { password_hash: _hash, ...record } = user;
    return { ok: true, user: record, token, expires_at };
  }

  return { login };
}

export type LoginService = ReturnType<typeof loginService>;

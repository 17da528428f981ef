// Lock-out after repeated failed logins, per user name: `maxFailures` failures within `lockMinutes`
// lock the name for `lockMinutes`. Counted in the database so every process sees the same count, and
// for unknown names too, so the lock-out does not reveal which names have accounts.
import type { Queryable } from '../db/db.ts';

export interface LockoutSettings {
  maxFailures: number;
  lockMinutes: number;
}

export const usernameKey = (username: string) => username.normalize('NFC').toLowerCase();

export function loginLockout(db: Queryable, settings: LockoutSettings) {
  /** Seconds until the name may try again; 0 when it is not locked. */
  async function lockedFor(username: string): Promise<number> {
    const { rows } = await db.query<{ seconds: number }>(
      `select ceil(extract(epoch from locked_until - now()))::int as seconds from login_failure where username_key = $1 and locked_until > now()`,
      [usernameKey(username)],
    );
    return rows[0] ? Number(rows[0].seconds) : 0;
  }

  /**
   * Counts a failure with one upsert (two processes failing at once both count); the failure that
   * reaches the limit locks the name and starts the count again. Returns the lock's seconds, or 0.
   */
  async function fail(username: string): Promise<number> {
    const key = usernameKey(username);
    const counted = await db.query<{ failures: number }>(
      `insert into login_failure as f (username_key, failures, last_at) values ($1, 1, now())
       on conflict (username_key) do update set
         failures = case when f.last_at < now() - make_interval(mins => $2) then 1 else f.failures + 1 end,
         last_at = now()
       returning f.failures`,
      [key, settings.lockMinutes],
    );
    let seconds = 0;
    if (Number(counted.rows[0].failures) >= settings.maxFailures) {
      const locked = await db.query<{ seconds: number }>(
        `update login_failure set failures = 0, locked_until = now() + make_interval(mins => $2)
          where username_key = $1 returning ceil(extract(epoch from locked_until - now()))::int as seconds`,
        [key, settings.lockMinutes],
      );
      seconds = Number(locked.rows[0]?.seconds ?? 0);
    }
    // names that stopped failing a day ago are forgotten, so random guesses do not pile up rows
    await db.query(`delete from login_failure where last_at < now() - interval '1 day' and (locked_until is null or locked_until < now())`);
    return seconds;
  }

  async function clear(username: string): Promise<void> {
    await db.query('delete from login_failure where username_key = $1', [usernameKey(username)]);
  }

  return { lockedFor, fail, clear };
}

export type LoginLockout = ReturnType<typeof loginLockout>;

// Web sessions and API tokens: both are random secrets whose hash is stored; each request finds its
// account by that hash, so a role change, a disabled account or a revoked token takes effect at once
// and in every process.
import type { Queryable } from '../db/db.ts';
import type { AuthUser } from './access.rule.ts';
import { hashToken, looksLikeApiToken, looksLikeSessionToken, newApiToken, newSessionToken } from './secret.token.ts';

export interface SessionSettings {
  /** a session unused this long ends */
  idleMinutes: number;
  /** a session ends this long after login, used or not */
  maxHours: number;
}

export interface TokenRecord {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const userColumns = 'u.id, u.username, u.display_name, u.role, u.staff_id';
const iso = (column: string) => `to_json(${column}) #>> '{}'`;

/** Seen again within this long, a session's last_seen_at is not rewritten (one write a minute at most). */
const TOUCH_SECONDS = 60;

export function sessionRepository(db: Queryable, settings: SessionSettings) {
  async function open(userId: number): Promise<{ token: string; expires_at: string }> {
    const token = newSessionToken();
    const { rows } = await db.query<{ expires_at: string }>(
      `insert into app_session (token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(hours => $3))
       returning ${iso('expires_at')} as expires_at`,
      [hashToken(token), userId, settings.maxHours],
    );
    // the sweep of ended sessions rides on logins: no timer, and the table never grows without bound
    await db.query(`delete from app_session where expires_at < now() or last_seen_at < now() - make_interval(mins => $1)`, [settings.idleMinutes]);
    return { token, expires_at: rows[0].expires_at };
  }

  async function resolveSession(token: string): Promise<AuthUser | null> {
    if (!looksLikeSessionToken(token)) return null;
    const { rows } = await db.query<Omit<AuthUser, 'via'> & { stale: boolean; token_hash: string }>(
      `select ${userColumns}, s.token_hash, s.last_seen_at < now() - make_interval(secs => ${TOUCH_SECONDS}) as stale
         from app_session s join app_user u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - make_interval(mins => $2) and not u.disabled`,
      [hashToken(token), settings.idleMinutes],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await db.query('update app_session set last_seen_at = now() where token_hash = $1', [row.token_hash]);
    return { id: row.id, username: row.username, display_name: row.display_name, role: row.role, staff_id: row.staff_id, via: 'session' };
  }

  async function close(token: string): Promise<void> {
    if (looksLikeSessionToken(token)) await db.query('delete from app_session where token_hash = $1', [hashToken(token)]);
  }

  /** Ends the account's sessions (password changed, account disabled), keeping `keepToken`'s. */
  async function closeAllOf(userId: number, keepToken?: string): Promise<void> {
    await db.query('delete from app_session where user_id = $1 and token_hash <> $2', [userId, keepToken ? hashToken(keepToken) : '']);
  }

  async function issueToken(userId: number, name: string, expiresDays: number | null): Promise<TokenRecord & { token: string }> {
    const token = newApiToken();
    const { rows } = await db.query<{ id: number }>(
      `insert into api_token (user_id, name, token_hash, prefix, expires_at)
       values ($1, $2, $3, $4, case when $5::int is null then null else now() + make_interval(days => $5::int) end) returning id`,
      [userId, name, hashToken(token), token.slice(0, 8), expiresDays],
    );
    const record = (await tokensOf(userId)).find((t) => t.id === rows[0].id)!;
    return { ...record, token };
  }

  async function resolveToken(token: string): Promise<AuthUser | null> {
    if (!looksLikeApiToken(token)) return null;
    const { rows } = await db.query<Omit<AuthUser, 'via'> & { token_id: number; stale: boolean }>(
      `select ${userColumns}, t.id as token_id,
              coalesce(t.last_used_at < now() - make_interval(secs => ${TOUCH_SECONDS}), true) as stale
         from api_token t join app_user u on u.id = t.user_id
        where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and not u.disabled`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await db.query('update api_token set last_used_at = now() where id = $1', [row.token_id]);
    return { id: row.id, username: row.username, display_name: row.display_name, role: row.role, staff_id: row.staff_id, via: 'token' };
  }

  async function tokensOf(userId: number): Promise<TokenRecord[]> {
    const { rows } = await db.query<TokenRecord>(
      `select id, user_id, name, prefix, ${iso('created_at')} as created_at, ${iso('expires_at')} as expires_at,
              ${iso('last_used_at')} as last_used_at, ${iso('revoked_at')} as revoked_at
         from api_token where user_id = $1 order by id`,
      [userId],
    );
    return rows;
  }

  async function revokeToken(userId: number, tokenId: number): Promise<boolean> {
    const { rowCount } = await db.query('update api_token set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null', [tokenId, userId]);
    return rowCount > 0;
  }

  return { open, resolveSession, close, closeAllOf, issueToken, resolveToken, tokensOf, revokeToken };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;

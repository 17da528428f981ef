// Accounts. Password hashes never leave this file except to the login check (findForLogin).
import type { Queryable } from '../db/db.ts';
import type { Role } from './access.rule.ts';

export interface UserRecord {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  staff_id: number | null;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
  password_changed_at: string | null;
  /** set while a lock-out after failed logins is in force */
  locked_until: string | null;
}

export interface NewUser {
  username: string;
  password_hash: string | null;
  role: Role;
  staff_id?: number | null;
  display_name?: string | null;
}

export interface UserChanges {
  display_name?: string | null;
  role?: Role;
  staff_id?: number | null;
  disabled?: boolean;
  password_hash?: string;
}

const columns = `u.id, u.username, u.display_name, u.role, u.staff_id, u.disabled,
  to_json(u.created_at) #>> '{}' as created_at, to_json(u.last_login_at) #>> '{}' as last_login_at,
  to_json(u.password_changed_at) #>> '{}' as password_changed_at,
  (select to_json(f.locked_until) #>> '{}' from login_failure f where f.username_key = lower(u.username) and f.locked_until > now()) as locked_until`;

/** Names people type: letters of any script, digits and . _ @ -; 2–64 characters. */
export const USERNAME_PATTERN = '^[\\p{L}\\p{N}._@-]{2,64}$';
export const isUsername = (value: string) => new RegExp(USERNAME_PATTERN, 'u').test(value);

export function userRepository(db: Queryable) {
  async function list(): Promise<UserRecord[]> {
    return (await db.query<UserRecord>(`select ${columns} from app_user u order by u.id`)).rows;
  }

  async function get(id: number): Promise<UserRecord | null> {
    return (await db.query<UserRecord>(`select ${columns} from app_user u where u.id = $1`, [id])).rows[0] ?? null;
  }

  async function findForLogin(username: string): Promise<(UserRecord & { password_hash: string | null }) | null> {
    const { rows } = await db.query<UserRecord & { password_hash: string | null }>(
      `select ${columns}, u.password_hash from app_user u where lower(u.username) = lower($1)`,
      [username],
    );
    return rows[0] ?? null;
  }

  async function nameTaken(username: string, exceptId?: number): Promise<boolean> {
    const { rows } = await db.query('select 1 from app_user where lower(username) = lower($1) and id <> $2', [username, exceptId ?? -1]);
    return rows.length > 0;
  }

  async function create(user: NewUser, tx: Queryable = db): Promise<UserRecord> {
    const { rows } = await tx.query<{ id: number }>(
      `insert into app_user (username, password_hash, role, staff_id, display_name, password_changed_at)
       values ($1, $2, $3, $4, $5, case when $2::text is null then null else now() end) returning id`,
      [user.username, user.password_hash, user.role, user.staff_id ?? null, user.display_name ?? null],
    );
    return (await get(rows[0].id))!;
  }

  async function update(id: number, changes: UserChanges): Promise<UserRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const bind = (v: unknown) => `$${params.push(v)}`;
    // column names are fixed here, never taken from the request
    if (changes.display_name !== undefined) sets.push(`display_name = ${bind(changes.display_name)}`);
    if (changes.role !== undefined) sets.push(`role = ${bind(changes.role)}`);
    if (changes.staff_id !== undefined) sets.push(`staff_id = ${bind(changes.staff_id)}`);
    if (changes.disabled !== undefined) sets.push(`disabled = ${bind(changes.disabled)}`);
    if (changes.password_hash !== undefined) sets.push(`password_hash = ${bind(changes.password_hash)}`, 'password_changed_at = now()');
    if (sets.length) await db.query(`update app_user set ${sets.join(', ')} where id = $1`, params);
    return get(id);
  }

  async function remove(id: number): Promise<boolean> {
    return (await db.query('delete from app_user where id = $1', [id])).rowCount > 0;
  }

  /** Active admins other than `exceptId`: the last one may not be demoted, disabled or deleted. */
  async function otherActiveAdmins(exceptId: number): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from app_user where role = 'admin' and not disabled and id <> $1`, [exceptId]);
    return Number(rows[0].n);
  }

  async function adminExists(): Promise<boolean> {
    return (await db.query(`select 1 from app_user where role = 'admin' limit 1`)).rows.length > 0;
  }

  async function staffExists(staffId: number): Promise<boolean> {
    return (await db.query('select 1 from staff where id = $1', [staffId])).rows.length > 0;
  }

  async function touchLogin(id: number, passwordHash?: string): Promise<void> {
    if (passwordHash) await db.query('update app_user set last_login_at = now(), password_hash = $2 where id = $1', [id, passwordHash]);
    else await db.query('update app_user set last_login_at = now() where id = $1', [id]);
  }

  return { list, get, findForLogin, nameTaken, create, update, remove, otherActiveAdmins, adminExists, staffExists, touchLogin };
}

export type UserRepository = ReturnType<typeof userRepository>;

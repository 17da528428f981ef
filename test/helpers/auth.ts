// Logging in from tests: `const cookie = await loginAs(ctx, 'planner')`, then
// `ctx.app.inject({ url, headers: { cookie } })`. Each call creates a fresh account of that role (a
// grid worker is linked to the worker of the first level-2 grid unless told otherwise) and logs it in
// through POST /api/auth/login, so the cookie is the real thing.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/db/db.ts';
import type { Role } from '../../server/auth/access.rule.ts';
import { hashPassword } from '../../server/auth/password.hash.ts';
import { userRepository, type UserRecord } from '../../server/auth/user.repository.ts';

export interface TestUser {
  user: UserRecord;
  username: string;
  password: string;
}

export interface UserOptions {
  /** a grid worker's staff row; default: the worker of the first level-2 grid that has one */
  staffId?: number;
  username?: string;
  password?: string;
}

/** The staff row a test grid worker links to when none is given. */
export async function defaultWorkerStaffId(db: Db): Promise<number> {
  const { rows } = await db.query<{ worker_id: number }>(
    'select worker_id from grid where valid_to is null and level = 2 and worker_id is not null order by code limit 1',
  );
  if (!rows[0]) throw new Error('no level-2 grid with a worker in this database: pass staffId to loginAs/createUser');
  return Number(rows[0].worker_id);
}

export async function createUser(db: Db, role: Role, options: UserOptions = {}): Promise<TestUser> {
  const username = options.username ?? `${role.replace('_', '-')}-${crypto.randomBytes(4).toString('hex')}`;
  const password = options.password ?? `Test-${crypto.randomBytes(9).toString('base64url')}`;
  const staff_id = role === 'grid_worker' ? (options.staffId ?? (await defaultWorkerStaffId(db))) : (options.staffId ?? null);
  const user = await userRepository(db).create({ username, password_hash: await hashPassword(password), role, staff_id });
  return { user, username, password };
}

/** POST /api/auth/login; returns the Cookie header value (wangge_session=…). */
export async function login(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'wangge_session');
  if (!cookie) throw new Error('login answered 200 without a session cookie');
  return `${cookie.name}=${cookie.value}`;
}

/** A new account of `role`, logged in: the Cookie header for ctx.app.inject. */
export async function loginAs(ctx: { app: FastifyInstance; db: Db }, role: Role, options: UserOptions = {}): Promise<string> {
  const { username, password } = await createUser(ctx.db, role, options);
  return login(ctx.app, username, password);
}

/** An API token for a new account of `role`, issued the way an admin would: the Authorization header value. */
export async function bearerFor(ctx: { app: FastifyInstance; db: Db }, role: Role, options: UserOptions = {}): Promise<string> {
  const { user } = await createUser(ctx.db, role, options);
  const admin = await loginAs(ctx, 'admin');
  const res = await ctx.app.inject({ method: 'POST', url: `/api/users/${user.id}/tokens`, headers: { cookie: admin }, payload: { name: 'test integration' } });
  if (res.statusCode !== 201) throw new Error(`token for ${user.username} failed: ${res.statusCode} ${res.body}`);
  return `Bearer ${res.json().token}`;
}

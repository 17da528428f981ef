import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { createUser, login, loginAs } from '../../helpers/auth.ts';

for (const backend of backends) {
  describe(`/api/users (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let adminId: number;
    beforeAll(async () => {
      const created = await createUser(ctx.db, 'admin');
      adminId = created.user.id;
      admin = await login(ctx.app, created.username, created.password);
    });
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, cookie = admin) => ctx.app.inject({ method, url, payload, headers: { cookie } });

    it('creates a grid-worker account linked to a staff row, who then sees that worker’s grids', async () => {
      const staff = (await ctx.db.query<{ worker_id: number }>('select worker_id from grid where valid_to is null and level = 2 order by code offset 2 limit 1')).rows[0].worker_id;
      const res = await call('POST', '/api/users', { username: '网格员小李', password: 'blue-river-lantern', role: 'grid_worker', staff_id: staff, display_name: '李网格员' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ username: '网格员小李', role: 'grid_worker', staff_id: staff, disabled: false, locked_until: null });
      expect(res.body).not.toMatch(/scrypt|hash|blue-river/);
      const cookie = await login(ctx.app, '网格员小李', 'blue-river-lantern');
      const me = (await ctx.app.inject({ url: '/api/auth/me', headers: { cookie } })).json();
      const expected = (await ctx.db.query<{ id: number }>(`with recursive t(id) as (select id from grid where valid_to is null and worker_id = $1
        union select g.id from grid g join t on g.parent_id = t.id where g.valid_to is null) select id from t order by id`, [staff])).rows.map((r) => Number(r.id));
      expect(me.grids).toEqual(expected);
      expect(expected.length).toBeGreaterThan(1);
      const audit = (await ctx.db.query(`select actor_id, action, entity, detail from audit where entity = 'user' and action = 'create'`)).rows;
      expect(audit).toEqual([{ actor_id: adminId, action: 'create', entity: 'user', detail: { username: '网格员小李', role: 'grid_worker', staff_id: staff } }]);
    });

    it.each([
      [{ username: 'w1', role: 'grid_worker' }, 400, /needs staff_id/],
      [{ username: 'w2', role: 'grid_worker', staff_id: 999999 }, 400, /no staff row/],
      [{ username: 'p1', role: 'planner', password: 'short' }, 400, /at least 10/],
      [{ username: 'zhou', role: 'planner', password: 'Zhou-2026-spring' }, 400, /user name/],
      [{ username: 'p3', role: 'root' }, 400, /role/],
      [{ username: 'has space', role: 'planner' }, 400, /username/],
      [{ username: 'x', role: 'planner' }, 400, /username/],
      [{ username: 'p4', role: 'planner', is_admin: true }, 400, /additional/],
    ])('refuses %j', async (body, status, message) => {
      const res = await call('POST', '/api/users', body);
      expect(res.statusCode).toBe(status);
      expect(res.json().message).toMatch(message);
    });

    it('refuses a taken name, whatever its case', async () => {
      await call('POST', '/api/users', { username: 'Dispatch.Zhao', role: 'dispatcher' });
      const res = await call('POST', '/api/users', { username: 'dispatch.zhao', role: 'planner' });
      expect(res.statusCode).toBe(409);
    });

    it('changes role, resets a password (ending sessions), unlocks, and keeps the last admin', async () => {
      const target = await createUser(ctx.db, 'planner');
      const session = await login(ctx.app, target.username, target.password);
      const changed = await call('PATCH', `/api/users/${target.user.id}`, { role: 'dispatcher', display_name: '调度员' });
      expect(changed.json()).toMatchObject({ role: 'dispatcher', display_name: '调度员' });
      expect((await call('PATCH', `/api/users/${target.user.id}`, { password: 'fresh-orchard-path' })).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: session } })).statusCode).toBe(401);
      for (let i = 0; i < 5; i++) await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: 'wrong-wrong-wrong' } });
      expect((await call('GET', `/api/users/${target.user.id}`)).json().locked_until).not.toBeNull();
      expect((await call('PATCH', `/api/users/${target.user.id}`, { unlock: true })).json().locked_until).toBeNull();
      expect((await login(ctx.app, target.username, 'fresh-orchard-path'))).toMatch(/^wangge_session=/);

      expect((await call('PATCH', `/api/users/${adminId}`, { role: 'planner' })).statusCode).toBe(409);
      expect((await call('PATCH', `/api/users/${adminId}`, { disabled: true })).statusCode).toBe(409);
      expect((await call('DELETE', `/api/users/${adminId}`)).statusCode).toBe(409);
      expect((await call('PATCH', `/api/users/${target.user.id}`, {})).statusCode).toBe(400);
      expect((await call('PATCH', '/api/users/999999', { display_name: 'x' })).statusCode).toBe(404);
    });

    it('deletes an account, ending its sessions and tokens', async () => {
      const target = await createUser(ctx.db, 'dispatcher');
      const cookie = await login(ctx.app, target.username, target.password);
      const token = (await call('POST', `/api/users/${target.user.id}/tokens`, { name: 'app' })).json().token;
      expect((await call('DELETE', `/api/users/${target.user.id}`)).statusCode).toBe(204);
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await ctx.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
      expect((await call('GET', `/api/users/${target.user.id}`)).statusCode).toBe(404);
      expect((await ctx.db.query('select count(*)::int n from app_session s where s.user_id = $1', [target.user.id])).rows[0]).toEqual({ n: 0 });
    });

    it('is for admins only', async () => {
      const planner = await loginAs(ctx, 'planner');
      for (const [method, url] of [['GET', '/api/users'], ['POST', '/api/users'], ['PATCH', `/api/users/${adminId}`], ['DELETE', `/api/users/${adminId}`], ['GET', `/api/users/${adminId}/tokens`]] as const) {
        expect((await call(method, url, method === 'GET' || method === 'DELETE' ? undefined : { role: 'admin', username: 'me2' }, planner)).statusCode, `${method} ${url}`).toBe(403);
      }
    });
  });
}

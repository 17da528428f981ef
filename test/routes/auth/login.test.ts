import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { createUser, login, loginAs } from '../../helpers/auth.ts';

for (const backend of backends) {
  describe(`login, sessions and tokens (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    const post = (url: string, payload?: object, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'POST', url, payload, headers });
    const me = (headers: Record<string, string>) => ctx.app.inject({ url: '/api/auth/me', headers });

    it('logs in with the right password and sets an HTTP-only, SameSite=Strict session cookie', async () => {
      const { username, password, user } = await createUser(ctx.db, 'planner', { username: 'Planner.Wang' });
      const res = await post('/api/auth/login', { username: 'planner.wang', password });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: user.id, username, role: 'planner' });
      expect(res.body).not.toMatch(/scrypt|password_hash/);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^wangge_session=[\w-]{43};/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Secure/); // plain http here; over https (or a proxy saying so) it is Secure
      expect(res.headers['cache-control']).toBe('no-store');
      const cookie = setCookie.split(';')[0];
      const who = await me({ cookie });
      expect(who.statusCode).toBe(200);
      expect(who.json()).toMatchObject({ user: { username, role: 'planner' }, via: 'session', grids: null });
      expect(who.headers['cache-control']).toBe('no-store');
    });

    it('marks the cookie Secure when the client reached us over https', async () => {
      const { username, password } = await createUser(ctx.db, 'planner');
      const app = await (await import('../../../server/app.ts')).buildApp({
        db: ctx.db, config: (await import('../../../server/config.ts')).loadConfig({ TRUST_PROXY: 'true' }),
      });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-proto': 'https' } });
      await app.close();
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    });

    it('answers a wrong password and an unknown name alike, and stores only a hash of the session', async () => {
      const { username } = await createUser(ctx.db, 'dispatcher');
      const wrong = await post('/api/auth/login', { username, password: 'not-the-password' });
      const unknown = await post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toEqual(wrong.json());
      expect(wrong.headers['set-cookie']).toBeUndefined();
      const cookie = await loginAs(ctx, 'dispatcher');
      const token = cookie.split('=')[1];
      const stored = await ctx.db.query<{ token_hash: string }>('select token_hash from app_session');
      expect(stored.rows.length).toBeGreaterThan(0);
      for (const row of stored.rows) expect(row.token_hash).not.toContain(token);
    });

    it('logs out: the session ends and the cookie is cleared', async () => {
      const cookie = await loginAs(ctx, 'planner');
      expect((await me({ cookie })).statusCode).toBe(200);
      const out = await post('/api/auth/logout', undefined, { cookie });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/wangge_session=;.*Expires=Thu, 01 Jan 1970/);
      expect((await me({ cookie })).statusCode).toBe(401);
      expect((await post('/api/auth/logout')).statusCode).toBe(204);
    });

    it('rejects forged, malformed and expired sessions', async () => {
      for (const cookie of ['wangge_session=' + 'A'.repeat(43), 'wangge_session=', 'wangge_session=%00%ff', 'wangge_session=' + 'x'.repeat(5000)]) {
        expect((await me({ cookie })).statusCode).toBe(401);
      }
      const cookie = await loginAs(ctx, 'planner');
      await ctx.db.query(`update app_session set expires_at = now() - interval '1 second'`);
      expect((await me({ cookie })).statusCode).toBe(401);
      const idle = await loginAs(ctx, 'planner');
      await ctx.db.query(`update app_session set last_seen_at = now() - interval '3 hours'`);
      expect((await me({ cookie: idle })).statusCode).toBe(401);
    });

    it('locks a name after 5 failures for 15 minutes, even for the right password, then lets it in again', async () => {
      const { username, password } = await createUser(ctx.db, 'planner');
      for (let i = 1; i <= 4; i++) expect((await post('/api/auth/login', { username, password: `wrong-${i}-password` })).statusCode).toBe(401);
      const fifth = await post('/api/auth/login', { username, password: 'wrong-5-password' });
      expect(fifth.statusCode).toBe(429);
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(fifth.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      const locked = await post('/api/auth/login', { username, password });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().message).toMatch(/locked for 15 more minute/);
      expect(locked.headers['set-cookie']).toBeUndefined();
      // the lock runs out
      await ctx.db.query(`update login_failure set locked_until = now() - interval '1 second'`);
      expect((await post('/api/auth/login', { username, password })).statusCode).toBe(200);
      const audit = await ctx.db.query(`select 1 from audit where action = 'login_locked' and actor = lower($1)`, [username]);
      expect(audit.rows.length).toBe(2);
    });

    it('locks unknown names the same way, so the lock-out does not tell which names exist', async () => {
      for (let i = 0; i < 5; i++) await post('/api/auth/login', { username: 'ghost', password: 'wrong-password-x' });
      expect((await post('/api/auth/login', { username: 'GHOST', password: 'wrong-password-x' })).statusCode).toBe(429);
    });

    it('counts failures in a window: old failures do not add up to a lock', async () => {
      const { username, password } = await createUser(ctx.db, 'planner');
      for (let i = 0; i < 4; i++) await post('/api/auth/login', { username, password: 'wrong-password-y' });
      await ctx.db.query(`update login_failure set last_at = now() - interval '16 minutes'`);
      expect((await post('/api/auth/login', { username, password: 'wrong-password-y' })).statusCode).toBe(401);
      expect((await post('/api/auth/login', { username, password })).statusCode).toBe(200);
    });

    it('refuses a disabled account even with its password, and ends its sessions when disabled', async () => {
      const target = await createUser(ctx.db, 'dispatcher');
      const session = await login(ctx.app, target.username, target.password);
      const admin = await loginAs(ctx, 'admin');
      const res = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${target.user.id}`, headers: { cookie: admin }, payload: { disabled: true } });
      expect(res.statusCode).toBe(200);
      expect((await me({ cookie: session })).statusCode).toBe(401);
      const again = await post('/api/auth/login', { username: target.username, password: target.password });
      expect(again.statusCode).toBe(403);
      expect(again.json().message).toMatch(/disabled/);
    });

    it('changes one’s own password (policy enforced, wrong current password refused, other sessions ended)', async () => {
      const { username, password } = await createUser(ctx.db, 'planner');
      const first = await login(ctx.app, username, password);
      const second = await login(ctx.app, username, password);
      const change = (payload: object) => post('/api/auth/password', payload, { cookie: first });
      expect((await change({ current_password: 'wrong-password', new_password: 'a-new-long-secret' })).statusCode).toBe(403);
      const weak = await change({ current_password: password, new_password: 'password1' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().message).toMatch(/at least 10|common/);
      expect((await change({ current_password: password, new_password: 'a-new-long-secret' })).statusCode).toBe(204);
      expect((await me({ cookie: first })).statusCode).toBe(200);
      expect((await me({ cookie: second })).statusCode).toBe(401);
      expect((await post('/api/auth/login', { username, password })).statusCode).toBe(401);
      expect((await post('/api/auth/login', { username, password: 'a-new-long-secret' })).statusCode).toBe(200);
    });

    it('takes an API token as Authorization: Bearer, acting with its account’s role, until revoked', async () => {
      const admin = await loginAs(ctx, 'admin');
      const hotline = await createUser(ctx.db, 'dispatcher', { username: 'hotline-12345' });
      const issued = await ctx.app.inject({ method: 'POST', url: `/api/users/${hotline.user.id}/tokens`, headers: { cookie: admin }, payload: { name: '12345 热线', expires_days: 30 } });
      expect(issued.statusCode).toBe(201);
      const { token, id, prefix } = issued.json();
      expect(token).toMatch(/^wg_[\w-]{43}$/);
      expect(token.startsWith(prefix)).toBe(true);
      const authorization = `Bearer ${token}`;
      expect((await me({ authorization })).json()).toMatchObject({ user: { username: 'hotline-12345', role: 'dispatcher' }, via: 'token' });
      expect((await ctx.app.inject({ url: '/api/users', headers: { authorization } })).statusCode).toBe(403);
      const listed = await ctx.app.inject({ url: `/api/users/${hotline.user.id}/tokens`, headers: { cookie: admin } });
      expect(listed.body).not.toContain(token);
      expect(listed.json().tokens[0]).toMatchObject({ id, name: '12345 热线', revoked_at: null });
      expect((await ctx.app.inject({ method: 'DELETE', url: `/api/users/${hotline.user.id}/tokens/${id}`, headers: { cookie: admin } })).statusCode).toBe(204);
      expect((await me({ authorization })).statusCode).toBe(401);
      for (const bad of ['Bearer', 'Bearer wg_short', `Basic ${Buffer.from('admin:admin').toString('base64')}`, `Bearer ${token}x`]) expect((await me({ authorization: bad })).statusCode).toBe(401);
    });

    it('validates the login body: 400 for missing or oversized fields, 413 for a huge body', async () => {
      expect((await post('/api/auth/login', { username: 'a' })).statusCode).toBe(400);
      expect((await post('/api/auth/login', { username: 'a', password: 'b', extra: 1 })).statusCode).toBe(400);
      expect((await post('/api/auth/login', { username: 'a', password: 'x'.repeat(201) })).statusCode).toBe(400);
      expect((await post('/api/auth/login', { username: 'a', password: 'x'.repeat(5000) })).statusCode).toBe(413);
    });
  });
}

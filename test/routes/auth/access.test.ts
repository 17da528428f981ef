// Each role against each route family: allowed, 401 without an account, 403 for a role not listed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../server/auth/access.rule.ts';
import { isPublicPath } from '../../../server/auth/public.surface.ts';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { bearerFor, loginAs } from '../../helpers/auth.ts';

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'admin', 'planner', 'dispatcher', 'grid_worker'];

interface Case {
  name: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
  /** roles that get through (their status is `ok`); anonymous → 401, every other role → 403 */
  allowed: Who[] | 'everyone';
  ok?: number;
}

const ALL: Role[] = ['admin', 'planner', 'dispatcher', 'grid_worker'];

const cases: Case[] = [
  { name: 'health', url: '/healthz', allowed: 'everyone' },
  { name: 'grids', url: '/api/grids?level=1', allowed: 'everyone' },
  { name: 'grid', url: '/api/grids/1', allowed: 'everyone' },
  { name: 'lookup', url: '/api/lookup?lon=118.1&lat=24.5', allowed: 'everyone' },
  { name: 'search', url: '/api/search?q=康乐', allowed: 'everyone' },
  { name: 'kiosk', url: '/api/kiosk', allowed: 'everyone' },
  { name: 'TileJSON', url: '/tiles/grids.json', allowed: 'everyone' },
  { name: 'OpenAPI', url: '/docs/json', allowed: 'everyone' },
  { name: 'validate', method: 'POST', url: '/api/validate', payload: { grids: { type: 'FeatureCollection', features: [] } }, allowed: 'everyone' },
  { name: 'me', url: '/api/auth/me', allowed: ALL },
  { name: 'users', url: '/api/users', allowed: ['admin'] },
  { name: 'create user', method: 'POST', url: '/api/users', payload: { username: 'newbie', role: 'planner' }, allowed: ['admin'], ok: 201 },
  { name: 'user', url: '/api/users/1', allowed: ['admin'] },
  { name: 'residents', url: '/api/residents?limit=5', allowed: ['admin', 'grid_worker'] },
  { name: 'households', url: '/api/households?limit=5', allowed: ['admin', 'grid_worker'] },
  {
    name: 'import (dry run)', method: 'POST', url: '/api/residents/import?dry_run=true', headers: { 'content-type': 'text/csv' },
    payload: 'building_id,name\n999999,某人\n', allowed: ['admin', 'grid_worker'], ok: 422,
  },
  { name: 'household ledger', url: '/api/ledgers/households?limit=5', allowed: ['admin', 'grid_worker'] },
  { name: 'key-group ledger', url: '/api/ledgers/key-groups?limit=5', allowed: ['admin', 'grid_worker'] },
  { name: 'unit ledger', url: '/api/ledgers/units', allowed: ALL },
  { name: 'worker ledger', url: '/api/ledgers/workers?format=csv', allowed: ALL },
  { name: 'audit', url: '/api/audit', allowed: ['admin'] },
];

for (const backend of backends) {
  describe(`access by role (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    const cookies = {} as Record<Who, Record<string, string>>;
    beforeAll(async () => {
      cookies.anonymous = {};
      for (const role of ALL) cookies[role] = { cookie: await loginAs(ctx, role) };
    });

    it.each(cases)('$name', async (c) => {
      for (const who of WHO) {
        const allowed = c.allowed === 'everyone' || c.allowed.includes(who);
        const expected = allowed ? (c.ok ?? 200) : who === 'anonymous' ? 401 : 403;
        const res = await ctx.app.inject({ method: c.method ?? 'GET', url: c.url, payload: c.payload, headers: { ...c.headers, ...cookies[who] } });
        expect(res.statusCode, `${who} ${c.method ?? 'GET'} ${c.url}: ${res.body.slice(0, 200)}`).toBe(expected);
        if (!allowed) expect(res.json()).toMatchObject({ statusCode: expected, error: expected === 401 ? 'Unauthorized' : 'Forbidden' });
        if (c.name === 'create user' && allowed) await ctx.db.query(`delete from app_user where username = 'newbie'`);
      }
    });

    it('treats an API token like a session of its account', async () => {
      const authorization = await bearerFor(ctx, 'grid_worker');
      expect((await ctx.app.inject({ url: '/api/residents?limit=1', headers: { authorization } })).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: '/api/users', headers: { authorization } })).statusCode).toBe(403);
    });

    it('applies a role change at once, without a new login', async () => {
      const admin = cookies.admin;
      const cookie = await loginAs(ctx, 'planner');
      expect((await ctx.app.inject({ url: '/api/audit', headers: { cookie } })).statusCode).toBe(403);
      const me = (await ctx.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().user;
      await ctx.app.inject({ method: 'PATCH', url: `/api/users/${me.id}`, headers: admin, payload: { role: 'admin' } });
      expect((await ctx.app.inject({ url: '/api/audit', headers: { cookie } })).statusCode).toBe(200);
    });

    it('has an access for every route: declared on the route, or public by the public surface', () => {
      const undeclared = ctx.app.auth.routes.filter((r) => !r.declared && !isPublicPath(r.url));
      expect(undeclared.map((r) => `${r.method} ${r.url}`), 'declare config.access on these routes').toEqual([]);
      const byUrl = new Map(ctx.app.auth.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
      expect(byUrl.get('GET /api/residents')).toEqual(['admin', 'grid_worker']);
      expect(byUrl.get('GET /tiles/:layer/:z/:x/:y.mvt')).toBe('public');
      expect(byUrl.get('GET /editor/*')).toBe('public');
      for (const [route, access] of byUrl) if (/\/api\/(users|audit)/.test(route)) expect(access, route).toEqual(['admin']);
    });

    it('sends the security headers, and no-store on personal answers', async () => {
      const res = await ctx.app.inject('/api/grids/1');
      const csp = String(res.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'", "worker-src 'self' blob:"]) expect(csp).toContain(directive);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Swagger UI needs inline styles, never inline scripts
      const docs = String((await ctx.app.inject('/docs/json')).headers['content-security-policy']);
      expect(docs).toContain("style-src 'self' 'unsafe-inline'");
      expect(docs).toContain("script-src 'self';");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect((await ctx.app.inject('/tiles/grids.json')).headers['cross-origin-resource-policy']).toBe('cross-origin');
      const personal = await ctx.app.inject({ url: '/api/residents?limit=1', headers: cookies.admin });
      expect(personal.headers['cache-control']).toBe('no-store');
    });

    it('refuses numbers that are not finite (Ajv coerces "1e309" to Infinity and skips its limits)', async () => {
      for (const url of ['/api/residents/1e309', '/api/households/-Infinity', '/api/residents?grid=1e400', '/api/grids/1e309', '/api/residents?grid=5.6e187', '/api/events?grid=99999999999999999999']) {
        const res = await ctx.app.inject({ url, headers: cookies.admin });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().message).toMatch(/must be a finite number|must be <= 9007199254740991/);
      }
      const body = await ctx.app.inject({ method: 'PATCH', url: '/api/users/1', headers: { ...cookies.admin, 'content-type': 'application/json' }, payload: '{"staff_id": 1e999}' });
      expect(body.statusCode).toBe(400);
    });
  });
}

// SQL injection in every string parameter of every route (path, query, JSON body): no 5xx, and the
// tables holding people, grids and accounts are exactly as before. Values are always bound as
// parameters and identifiers never come from input, so these strings are only ever data.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { backends } from '../helpers/db.ts';
import { useApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/auth.ts';

const PAYLOADS = [
  "' or '1'='1",
  "'; drop table resident; --",
  "1; delete from app_user; --",
  "') union select id_number, phone, name from resident --",
  "1' and pg_sleep(3) is null --",
  '"; truncate grid cascade; --',
  "$1); drop table staff_private; --",
  "%' or name like '%",
];

/**
 * `accountsUpTo`: accounts the test itself logs in afresh are new rows, not a change. A password is
 * left out: an injection string is a fine long password, and PATCH /api/users/{id} may legitimately set it.
 */
async function fingerprint(db: Db, accountsUpTo: number) {
  const { rows } = await db.query(`select
    (select count(*)::int from pg_tables where schemaname = 'public') as tables,
    (select md5(string_agg(concat_ws('|', id, household_id, name, id_number, phone, relation), ',' order by id)) from resident) as resident,
    (select md5(string_agg(concat_ws('|', id, building_id, unit, room), ',' order by id)) from household) as household,
    (select md5(string_agg(concat_ws('|', s.id, s.name, s.public_phone, p.id_number, p.private_phone), ',' order by s.id)) from staff s left join staff_private p on p.staff_id = s.id) as staff,
    (select md5(string_agg(concat_ws('|', id, valid_from, valid_to, code, name, worker_id, ST_AsText(geom)), ',' order by id, valid_from)) from grid) as grid,
    (select md5(string_agg(concat_ws('|', id, name, address, ST_AsText(geom)), ',' order by id)) from building) as building,
    (select md5(string_agg(concat_ws('|', id, username, role, staff_id), ',' order by id)) from app_user where id <= $1) as accounts`, [accountsUpTo]);
  return rows[0];
}

const stringProps = (schema: unknown): string[] => {
  const props = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {};
  return Object.entries(props).filter(([, p]) => p.type === undefined || p.type === 'string' || (Array.isArray(p.type) && p.type.includes('string'))).map(([k]) => k);
};

for (const backend of backends) {
  describe(`SQL injection in every string parameter (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let worker: string;
    beforeAll(async () => {
      admin = await loginAs(ctx, 'admin');
      worker = await loginAs(ctx, 'grid_worker');
    });

    it('changes nothing and answers every attempt without a 5xx', async () => {
      const lastAccount = Number((await ctx.db.query<{ id: number }>('select max(id) as id from app_user')).rows[0].id);
      const before = await fingerprint(ctx.db, lastAccount);
      const routes = ctx.app.auth.routes.filter((r) => r.method !== 'HEAD' && !/stream/.test(r.url));
      let attempts = 0;
      for (const route of routes) {
        const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const query = (route.schema?.querystring as { properties?: object } | undefined)?.properties ? Object.keys((route.schema!.querystring as { properties: object }).properties) : ['q'];
        const body = route.method === 'GET' || route.method === 'DELETE' ? [] : stringProps((route.schema?.body as { content?: Record<string, { schema: unknown }> })?.content?.['application/json']?.schema ?? route.schema?.body);
        const targets = [...params.map((p) => ['param', p] as const), ...query.map((q) => ['query', q] as const), ...body.map((b) => ['body', b] as const)];
        for (const [where, name] of targets) {
          for (const payload of PAYLOADS) {
            // other path parameters name no record, so a valid request deletes or changes nothing real
            const path = route.url.replace(/:(\w+)/g, (_, p) => (where === 'param' && p === name ? encodeURIComponent(payload) : '999999')).replace('*', 'x');
            const url = where === 'query' ? `${path}?${new URLSearchParams({ [name]: payload })}` : path;
            const payloadBody = route.method === 'GET' || route.method === 'DELETE' ? undefined : where === 'body' ? { [name]: payload } : {};
            for (const cookie of [admin, worker, '']) {
              const started = Date.now();
              const res = await ctx.app.inject({ method: route.method as 'GET', url, payload: payloadBody, headers: cookie ? { cookie } : {} });
              attempts++;
              expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(payloadBody)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
              expect(Date.now() - started, `${route.method} ${url} slept`).toBeLessThan(2500);
            }
          }
        }
        // an injected password change or logout may end a session: log in again so later routes are reached
        for (const [role, set] of [['admin', (c: string) => (admin = c)], ['grid_worker', (c: string) => (worker = c)]] as const) {
          const me = await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: role === 'admin' ? admin : worker } });
          if (me.statusCode !== 200) set(await loginAs(ctx, role));
        }
      }
      console.log(`SQL injection: ${attempts} requests over ${routes.length} routes`);
      expect(attempts).toBeGreaterThan(1000);
      expect(await fingerprint(ctx.db, lastAccount)).toEqual(before);
      // searches for the injected text find it as text: nothing, not everything
      const res = await ctx.app.inject({ url: `/api/residents?q=${encodeURIComponent("' or '1'='1")}`, headers: { cookie: admin } });
      expect(res.json().total).toBe(0);
    }, 600_000);
  });
}

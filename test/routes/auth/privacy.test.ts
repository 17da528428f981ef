// No personal data in any anonymous answer: every public route asked about every building, grid and
// person of the kangle district, every tile decoded as a map client does, the OpenAPI document, and the
// refusals of every protected route — none may hold a resident's or a worker's private ID number or
// phone, a resident's name, or a personal-data key.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { decodeTile } from '../tiles/mvt.decode.ts';

const deniedKeys = /^(id_?number|private_phone|relation|reporter|residents?|tags|household_tags)$/i;

/** the private numbers (and the test reporter's name) a text contains, found by windows over its digit runs */
function leaks(text: string, secrets: Set<string>): string[] {
  const found: string[] = [];
  for (const run of text.match(/[\dX-]{7,}/g) ?? []) {
    for (const length of [7, 8, 11, 12, 13, 18]) for (let i = 0; i + length <= run.length; i++) if (secrets.has(run.slice(i, i + length))) found.push(run.slice(i, i + length));
  }
  if (text.includes('报告人甲')) found.push('报告人甲');
  return found;
}

function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), keysOf(v, out));
  return out;
}

/** tiles covering lon/lat bounds at zoom z */
function tilesOver([w, s, e, n]: number[], z: number) {
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
  const out: Array<{ z: number; x: number; y: number }> = [];
  for (let tx = x(w); tx <= x(e); tx++) for (let ty = y(n); ty <= y(s); ty++) out.push({ z, x: tx, y: ty });
  return out;
}

for (const backend of backends) {
  describe(`no personal data in anonymous answers (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let secrets: string[];
    let residentNames: Set<string>;
    const answers: Array<{ what: string; res: LightMyRequestResponse }> = [];

    beforeAll(async () => {
      secrets = (await ctx.db.query<{ v: string }>(
        `select id_number v from resident where id_number is not null union select phone from resident where phone is not null
         union select id_number from staff_private where id_number is not null union select private_phone from staff_private where private_phone is not null
         union select phone from event_reporter where phone is not null`,
      )).rows.map((r) => r.v);
      // a resident who shares a name with a public worker or a place is not told apart by the name alone
      residentNames = new Set((await ctx.db.query<{ name: string }>(
        `select name from resident except (select name from staff union select name from building union select name from compound union select name from grid)`,
      )).rows.map((r) => r.name));
      expect(secrets.length).toBeGreaterThan(5000);
    });

    async function ask(what: string, request: string | InjectOptions) {
      const res = await ctx.app.inject(request);
      answers.push({ what, res });
      return res;
    }

    it('asks every public route about every grid, building and person', async () => {
      await ask('health', '/healthz');
      await ask('kiosk', '/api/kiosk');
      const grids = await ask('grids', '/api/grids');
      for (const f of grids.json().features) await ask(`grid ${f.id}`, `/api/grids/${f.id}`);
      const buildings = (await ctx.db.query<{ id: number; lon: number; lat: number }>('select id, ST_X(geom) lon, ST_Y(geom) lat from building')).rows;
      for (const b of buildings) await ask(`lookup ${b.id}`, `/api/lookup?lon=${b.lon}&lat=${b.lat}`);
      await ask('batch', { method: 'POST', url: '/api/lookup/batch', payload: buildings.map((b) => ({ id: String(b.id), lon: b.lon, lat: b.lat })) });
      const people = (await ctx.db.query<{ name: string; id_number: string; phone: string | null }>('select name, id_number, phone from resident order by id limit 150')).rows;
      for (const p of people) {
        for (const q of [p.name, p.id_number, p.phone, p.id_number.slice(-6)]) if (q) await ask(`search ${q}`, `/api/search?q=${encodeURIComponent(q)}`);
      }
      await ask('validate current', '/api/validate/current');
      await ask('OpenAPI', '/docs/json');
      for (const c of (await ask('ogc collections', '/ogc/collections')).json().collections) await ask(`ogc ${c.id}`, `/ogc/collections/${c.id}/items?limit=10000`);
      for (const layer of ['grids', 'buildings', 'events', 'basemap']) await ask(`tilejson ${layer}`, `/tiles/${layer}.json`);
      // an anonymous report with the reporter's contact: the answer must not echo it
      const b = buildings[0];
      await ask('report', { method: 'POST', url: '/api/events', payload: { category: '市容环境', source: 'app', location: { lon: b.lon, lat: b.lat }, reporter: { name: '报告人甲', phone: '13911112222' }, description: '路灯不亮' } });
      secrets.push('13911112222', '报告人甲');
      expect(answers.length).toBeGreaterThan(600);
      for (const { what, res } of answers) expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
    });

    it('refuses every protected route without an account, saying nothing about the data', async () => {
      const protectedRoutes = ctx.app.auth.routes.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
      expect(protectedRoutes.length).toBeGreaterThan(20);
      for (const r of protectedRoutes) {
        const url = r.url.replace(/:\w+/g, '1');
        const res = await ask(`${r.method} ${url}`, { method: r.method as 'GET', url, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
        expect(res.statusCode, `${r.method} ${url}`).toBe(401);
      }
    });

    it('draws every tile of every layer without any of it', async () => {
      const [w, s, e, n] = (await ctx.db.query<{ b: number[] }>(
        `select array[ST_XMin(x), ST_YMin(x), ST_XMax(x), ST_YMax(x)] b from (select ST_Extent(geom)::geometry x from grid) e`,
      )).rows[0].b;
      let drawn = 0;
      for (const layer of ctx.app.tiles.layerIds) {
        for (const z of [12, 14, 16]) {
          for (const t of tilesOver([w, s, e, n], z)) {
            const res = await ctx.app.inject(`/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`);
            if (res.statusCode === 204) continue;
            expect(res.statusCode).toBe(200);
            drawn++;
            const raw = res.rawPayload.toString('latin1') + res.rawPayload.toString('utf8');
            for (const secret of secrets) expect(raw.includes(secret), `${layer} ${t.z}/${t.x}/${t.y}`).toBe(false);
            for (const features of Object.values(decodeTile(res.rawPayload))) {
              for (const f of features) {
                for (const [key, value] of Object.entries(f.properties)) {
                  expect(key).not.toMatch(deniedKeys);
                  expect(residentNames.has(String(value)), `${layer} ${key}=${value}`).toBe(false);
                }
              }
            }
          }
        }
      }
      expect(drawn).toBeGreaterThan(20);
    });

    it('holds none of it in any answer above', () => {
      expect(answers.length).toBeGreaterThan(600);
      const secretSet = new Set(secrets);
      // the window search finds what it should
      expect(leaks(`x${secrets[0]}y`, secretSet)).toEqual([secrets[0]]);
      for (const { what, res } of answers) {
        expect(leaks(res.body, secretSet), what).toEqual([]);
        if (!/json/.test(String(res.headers['content-type']))) continue;
        const body = res.json();
        for (const key of keysOf(what === 'OpenAPI' ? {} : body)) expect(key, what).not.toMatch(deniedKeys);
        const values: string[] = [];
        JSON.stringify(body, (_k, v) => (typeof v === 'string' && values.push(v), v));
        for (const v of values) expect(residentNames.has(v), `${what} names resident ${v}`).toBe(false);
      }
    });

    it('puts no personal example in the OpenAPI document', () => {
      const doc = answers.find((a) => a.what === 'OpenAPI')!.res.body;
      expect(doc).not.toMatch(/\b\d{17}[\dX]\b/);
      expect(doc).not.toMatch(/\b1[3-9]\d{9}\b/);
    });
  });
}

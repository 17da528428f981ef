// OGC API – Features Part 1 as a client walks it: landing page → conformance → collections (with
// extents) → pages of items (bbox, datetime, limit/offset, next/prev, numberMatched) → one item.
// Anonymous callers get the public properties; staff accounts the staff ones too.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

for (const backend of backends) {
  describe(`OGC API – Features (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let planner: string;
    const get = (url: string, cookie?: string) => ctx.app.inject({ url, headers: cookie ? { cookie } : {} });

    beforeAll(async () => {
      planner = await loginAs(ctx, 'planner');
    });

    it('links the landing page to the conformance classes, the collections and the API definition', async () => {
      const landing = await get('/ogc');
      expect(landing.statusCode).toBe(200);
      const rels = Object.fromEntries(landing.json().links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
      expect(rels).toMatchObject({ self: 'http://localhost:80/ogc', conformance: 'http://localhost:80/ogc/conformance', data: 'http://localhost:80/ogc/collections', 'service-desc': 'http://localhost:80/docs/json' });
      const conformance = (await get('/ogc/conformance')).json();
      expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
      expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    });

    it('lists grids per level, buildings and events, each with an extent', async () => {
      const { collections } = (await get('/ogc/collections')).json();
      expect(collections.map((c: { id: string }) => c.id)).toEqual(['grids_level_1', 'grids_level_2', 'grids_level_3', 'buildings', 'events']);
      for (const c of collections) {
        const [w, s, e, n] = c.extent.spatial.bbox[0];
        expect(w).toBeGreaterThan(118);
        expect(e).toBeLessThan(118.2);
        expect(s).toBeGreaterThan(24.4);
        expect(n).toBeLessThan(24.6);
        expect(c.links.find((l: { rel: string }) => l.rel === 'items').href).toBe(`http://localhost:80/ogc/collections/${c.id}/items`);
      }
      const events = collections.find((c: { id: string }) => c.id === 'events');
      expect(events.extent.temporal.interval[0][0]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await get('/ogc/collections/grids_level_2')).json().id).toBe('grids_level_2');
      const missing = await get('/ogc/collections/grids_level_5');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toMatch(/the collections are grids_level_1/);
    });

    it('pages items with numberMatched, numberReturned and next/prev links that keep the filters', async () => {
      const total = (await ctx.db.query<{ n: number }>('select count(*)::int n from building')).rows[0].n;
      const first = await get('/ogc/collections/buildings/items?limit=10');
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toMatch(/^application\/geo\+json/);
      const page = first.json();
      expect(page).toMatchObject({ type: 'FeatureCollection', numberMatched: total, numberReturned: 10 });
      const next = page.links.find((l: { rel: string }) => l.rel === 'next');
      expect(next.href).toBe('http://localhost:80/ogc/collections/buildings/items?limit=10&offset=10');
      expect(page.links.find((l: { rel: string }) => l.rel === 'prev')).toBeUndefined();
      const second = (await get(next.href.replace('http://localhost:80', ''))).json();
      expect(second.features[0].id).not.toBe(page.features[0].id);
      expect(second.links.find((l: { rel: string }) => l.rel === 'prev').href).toContain('offset=0');
      const last = (await get(`/ogc/collections/buildings/items?limit=10&offset=${total - 3}`)).json();
      expect(last.numberReturned).toBe(3);
      expect(last.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
      // more than the maximum is cut to it, not refused
      expect((await get('/ogc/collections/buildings/items?limit=50000')).json().numberReturned).toBe(Math.min(total, 10_000));
    });

    it('filters by bbox (also across the antimeridian) and refuses a malformed one', async () => {
      const all = (await get('/ogc/collections/grids_level_2/items')).json();
      const [w, s] = (await get('/ogc/collections/grids_level_2')).json().extent.spatial.bbox[0];
      const corner = (await get(`/ogc/collections/grids_level_2/items?bbox=${w},${s},${w + 0.002},${s + 0.002}`)).json();
      expect(corner.numberMatched).toBeGreaterThan(0);
      expect(corner.numberMatched).toBeLessThan(all.numberMatched);
      expect(corner.links[0].href).toContain(`bbox=${w}%2C${s}`);
      expect((await get('/ogc/collections/grids_level_2/items?bbox=170,-10,-170,10')).json().numberMatched).toBe(0);
      for (const bad of ['1,2,3', 'a,b,c,d', '0,10,1,5', '0,0,200,1']) {
        const res = await get(`/ogc/collections/grids_level_2/items?bbox=${bad}`);
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().message).toMatch(/bbox/);
      }
    });

    it('reads datetime as the generation in force for grids and the report time for events', async () => {
      const now = (await get('/ogc/collections/grids_level_2/items')).json().numberMatched;
      expect((await get('/ogc/collections/grids_level_2/items?datetime=2099-01-01T00:00:00Z')).json().numberMatched).toBe(now);
      expect((await get('/ogc/collections/grids_level_2/items?datetime=2000-01-01T00:00:00Z')).json().numberMatched).toBe(0);
      const events = (await ctx.db.query<{ total: number; mid: string; before: number }>(
        `with m as (select min(reported_at) + (max(reported_at) - min(reported_at)) / 2 as mid from event)
         select (select count(*)::int from event) total, to_char(mid at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') mid,
                (select count(*)::int from event, m where reported_at <= m.mid) before from m`,
      )).rows[0];
      expect((await get('/ogc/collections/events/items?datetime=../..')).json().numberMatched).toBe(events.total);
      expect((await get(`/ogc/collections/events/items?datetime=../${events.mid}`)).json().numberMatched).toBe(events.before);
      expect((await get(`/ogc/collections/events/items?datetime=${events.mid}/..`)).json().numberMatched).toBeGreaterThanOrEqual(events.total - events.before);
      for (const bad of ['yesterday', '2026-13-01T00:00:00Z/..', '2026-02-01T00:00:00Z/2026-01-01T00:00:00Z', 'a/b/c']) {
        expect((await get(`/ogc/collections/events/items?datetime=${encodeURIComponent(bad)}`)).statusCode, bad).toBe(400);
      }
    });

    it('answers one item with its links, and 404 for one that is not in the collection', async () => {
      const grid = (await ctx.db.query<{ id: number; code: string }>('select id, code from grid where valid_to is null and level = 3 order by code limit 1')).rows[0];
      const item = await get(`/ogc/collections/grids_level_3/items/${grid.id}`);
      expect(item.statusCode).toBe(200);
      expect(item.json()).toMatchObject({ type: 'Feature', id: grid.id, properties: { code: grid.code, level: 3 } });
      expect(item.json().links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'collection']);
      expect((await get(`/ogc/collections/grids_level_2/items/${grid.id}`)).statusCode).toBe(404);
      expect((await get('/ogc/collections/buildings/items/99999999')).statusCode).toBe(404);
    });

    it('gives anonymous callers public properties only, and staff the staff properties (not cached for others)', async () => {
      const publicEvent = (await get('/ogc/collections/events/items?limit=1')).json().features[0];
      expect(Object.keys(publicEvent.properties).sort()).toEqual(['category', 'closed_at', 'reported_at', 'source', 'status', 'subcategory']);
      const staffPage = await get('/ogc/collections/events/items?limit=1', planner);
      expect(staffPage.headers['cache-control']).toBe('private, no-store');
      expect(Object.keys(staffPage.json().features[0].properties)).toEqual(expect.arrayContaining(['description', 'grid_id', 'worker_id']));
      const publicGrid = (await get('/ogc/collections/grids_level_2/items?limit=1')).json().features[0];
      expect(publicGrid.properties.worker_id).toBeUndefined();
      expect(publicGrid.properties.worker_name).toEqual(expect.any(String));
      expect((await get('/ogc/collections/grids_level_2/items?limit=1', planner)).json().features[0].properties.worker_id).toEqual(expect.any(Number));
      const worker = await loginAs(ctx, 'grid_worker');
      expect((await get('/ogc/collections/events/items?limit=1', worker)).json().features[0].properties.description).toBeUndefined();
    });

    it('refuses unknown parameters and encodings other than JSON', async () => {
      expect((await get('/ogc/collections/buildings/items?f=html')).statusCode).toBe(400);
      expect((await get('/ogc/collections/buildings/items?f=json')).statusCode).toBe(200);
      expect((await get('/ogc/collections/buildings/items?foo=1')).statusCode).toBe(400);
      expect((await get('/ogc/collections/buildings/items?limit=0')).statusCode).toBe(400);
      expect((await get('/ogc/collections/bad-name/items')).statusCode).toBe(400);
    });
  });
}

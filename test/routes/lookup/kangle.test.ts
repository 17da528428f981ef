// Lookups against the kangle demo district: every grid's interior point resolves to that grid, and the
// batch assignment agrees with single lookups on 10,000 random points.
import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { seededRandom } from '../../../server/demo/seeded.random.ts';

for (const backend of backends) {
  describe(`lookup on the kangle preset (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');

    it('resolves an interior point of every grid to a chain ending in a grid of that point, with ancestors by parent', async () => {
      const { rows } = await ctx.db.query<{ id: number; level: number; lon: number; lat: number; leaf: boolean }>(
        `select id, level, ST_X(p) as lon, ST_Y(p) as lat,
                not exists (select 1 from grid c where c.parent_id = g.id and c.valid_to is null) as leaf
           from grid g, ST_PointOnSurface(geom) as p where valid_to is null`,
      );
      expect(rows.length).toBeGreaterThan(50);
      const parent = new Map((await ctx.db.query<{ id: number; parent_id: number | null }>('select id, parent_id from grid where valid_to is null')).rows.map((r) => [r.id, r.parent_id]));
      for (const grid of rows) {
        const body = (await ctx.app.inject(`/api/lookup?lon=${grid.lon}&lat=${grid.lat}`)).json();
        const chain: number[] = body.grids.map((g: { id: number }) => g.id);
        expect(chain[grid.level - 1]).toBe(grid.id);
        if (grid.leaf) expect(chain).toHaveLength(grid.level);
        for (let i = 1; i < chain.length; i++) expect(parent.get(chain[i])).toBe(chain[i - 1]);
        expect(body.grids.map((g: { level: number }) => g.level)).toEqual(chain.map((_, i) => i + 1));
      }
    });

    it('names the grid worker of the grid, with public contact only', async () => {
      const { rows: [grid] } = await ctx.db.query<{ lon: number; lat: number; worker: string }>(
        `select ST_X(p) as lon, ST_Y(p) as lat, s.name as worker from grid g join staff s on s.id = g.worker_id, ST_PointOnSurface(g.geom) as p
          where g.valid_to is null and g.level = 2 order by g.code limit 1`,
      );
      const res = await ctx.app.inject(`/api/lookup?lon=${grid.lon}&lat=${grid.lat}`);
      expect(res.json().worker.name).toBe(grid.worker);
      const secrets = (await ctx.db.query<{ id_number: string; private_phone: string }>('select id_number, private_phone from staff_private')).rows;
      for (const s of secrets) {
        if (s.id_number) expect(res.body).not.toContain(s.id_number);
        if (s.private_phone) expect(res.body).not.toContain(s.private_phone);
      }
    });

    it('answers from the in-memory index exactly as PostGIS does, on every vertex of every grid (all on boundaries)', async () => {
      const { rows } = await ctx.db.query<{ lon: number; lat: number }>(
        `select distinct ST_X(p.geom) as lon, ST_Y(p.geom) as lat from grid g, ST_DumpPoints(g.geom) as p where g.valid_to is null and g.level >= 2`,
      );
      expect(rows.length).toBeGreaterThan(500);
      const disagreements: string[] = [];
      for (const { lon, lat } of rows) {
        const [fromIndex, fromDb] = [await ctx.app.grids.lookup(lon, lat), await ctx.app.grids.lookupInDatabase(lon, lat)];
        if (JSON.stringify(fromIndex) !== JSON.stringify(fromDb)) disagreements.push(`${lon},${lat}: ${fromIndex.grids.map((g) => g.id)} vs ${fromDb.grids.map((g) => g.id)}`);
      }
      expect(disagreements).toEqual([]);
    });

    it('assigns 10,000 random points in batch exactly as single lookups do', async () => {
      const { rows: [e] } = await ctx.db.query<{ x0: number; y0: number; x1: number; y1: number }>(
        `select ST_XMin(b) - m as x0, ST_YMin(b) - m as y0, ST_XMax(b) + m as x1, ST_YMax(b) + m as y1
           from (select ST_Extent(geom) as b from grid where valid_to is null) s, lateral (select 0.05 * (ST_XMax(b) - ST_XMin(b)) as m) margin`,
      );
      const random = seededRandom(7, 'lookup-batch-test');
      const points = Array.from({ length: 10_000 }, (_, i) => ({ id: `p${i}`, lon: random.between(e.x0, e.x1), lat: random.between(e.y0, e.y1) }));
      const res = await ctx.app.inject({ method: 'POST', url: '/api/lookup/batch', payload: points });
      expect(res.statusCode).toBe(200);
      const batch: Array<{ id: string; grids: number[] }> = res.json();
      expect(batch.map((a) => a.id)).toEqual(points.map((p) => p.id));
      const outside = batch.filter((a) => a.grids.length === 0).length;
      expect(outside).toBeGreaterThan(0); // the margin around the district
      expect(outside).toBeLessThan(points.length / 2);
      const disagreements: string[] = [];
      for (let i = 0; i < points.length; i++) {
        const single = (await ctx.app.inject(`/api/lookup?lon=${points[i].lon}&lat=${points[i].lat}`)).json();
        const chain = single.grids.map((g: { id: number }) => g.id);
        if (chain.join() !== batch[i].grids.join()) disagreements.push(`${points[i].id}: batch ${batch[i].grids} single ${chain}`);
      }
      expect(disagreements).toEqual([]);
    });
  });
}

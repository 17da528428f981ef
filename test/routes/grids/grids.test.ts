import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { ids, insertNestedGrids } from '../../fixtures/nested-grids.fixture.ts';

for (const backend of backends) {
  describe(`GET /api/grids (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => insertNestedGrids(ctx.db));

    const featureIds = async (query: string) => (await ctx.app.inject(`/api/grids?${query}`)).json().features.map((f: { id: number }) => f.id);

    it('lists the current generation as GeoJSON, filtered by level, parent and bbox', async () => {
      const res = await ctx.app.inject('/api/grids');
      expect(res.statusCode).toBe(200);
      expect(res.json().type).toBe('FeatureCollection');
      expect(res.json().features).toHaveLength(7);
      expect(await featureIds('level=2')).toEqual([ids.A1, ids.A2, ids.B1]);
      expect(await featureIds(`parent=${ids.A1}`)).toEqual([ids.A1a, ids.A1b]);
      expect(await featureIds('level=1&bbox=118.83,32.10,118.85,32.11')).toEqual([ids.B]);
    });

    it('serves the current shape of a reshaped grid, with computed area', async () => {
      const a1 = (await ctx.app.inject(`/api/grids?level=2&parent=${ids.A}`)).json().features[0];
      expect(a1.properties).toMatchObject({ code: '320113001001001', valid_from: 2 });
      const xs = a1.geometry.coordinates[0][0].map((p: number[]) => p[0]);
      expect(Math.max(...xs)).toBeCloseTo(118.815, 9);
      // 0.015° × 0.02° at 32.1°N ≈ 1.415 km × 2.217 km
      expect(a1.properties.area_m2 / 1e6).toBeCloseTo(3.137, 1);
    });

    it.each([
      ['level=9', /level.*<= 5/],
      ['bbox=1,2,3', /bbox must be four numbers/],
      ['bbox=10,10,5,5', /min before max/],
      ['bbox=-200,0,0,10', /outside/],
      ['parent=x', /parent.*integer/],
    ])('rejects %s', async (query, message) => {
      const res = await ctx.app.inject(`/api/grids?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    });
  });

  describe(`GET /api/grids/:id (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => insertNestedGrids(ctx.db));

    it('returns the feature with its worker’s public contact and an ETag that yields 304', async () => {
      const res = await ctx.app.inject(`/api/grids/${ids.A1}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/geo\+json/);
      const feature = res.json();
      expect(feature.properties).toMatchObject({ id: ids.A1, level: 2, parent_id: ids.A, worker: { name: "王 '网格员'", phone: '025-0000-0001' } });
      expect(res.body).not.toMatch(/13800001111|320113199001011234/);
      const again = await ctx.app.inject({ url: `/api/grids/${ids.A1}`, headers: { 'if-none-match': res.headers.etag as string } });
      expect(again.statusCode).toBe(304);
      expect((await ctx.app.inject(`/api/grids/${ids.A2}`)).json().properties.worker).toBeNull();
    });

    it('changes its ETag when the grid changes', async () => {
      const before = (await ctx.app.inject(`/api/grids/${ids.B1}`)).headers.etag;
      await ctx.db.query(`update grid set name = 'B社区第一网格' where id = $1 and valid_to is null`, [ids.B1]);
      const after = await ctx.app.inject({ url: `/api/grids/${ids.B1}`, headers: { 'if-none-match': before as string } });
      expect(after.statusCode).toBe(200);
      expect(after.json().properties.name).toBe('B社区第一网格');
    });

    it('404s for a grid that does not exist and 400s for a malformed id', async () => {
      expect((await ctx.app.inject('/api/grids/999999')).statusCode).toBe(404);
      const bad = await ctx.app.inject('/api/grids/abc');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/id/);
    });
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { insertTileFixture, ids } from './tiles.fixture.ts';
import { decodeTile } from './mvt.decode.ts';

for (const backend of backends) {
  describe(`GET /tiles/{layer}.json (${backend})`, () => {
    const ctx = useApp(backend, 'empty');

    it('describes an empty layer with world bounds', async () => {
      const doc = (await ctx.app.inject('/tiles/events.json')).json();
      expect(doc.bounds).toEqual([-180, -85.0511287798066, 180, 85.0511287798066]);
      expect(doc.center).toEqual([0, 0, doc.minzoom]);
    });

    describe('with data', () => {
      beforeAll(async () => {
        await insertTileFixture(ctx.db);
        await ctx.app.revisions.refresh();
      });

      it('is TileJSON 3.0.0 with an absolute tile URL carrying the revision, and the layer fields', async () => {
        const res = await ctx.app.inject({ url: '/tiles/grids.json', headers: { host: 'tiles.example.cn:8080' } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const doc = res.json();
        const revision = ctx.app.revisions.current('grids');
        expect(revision).toBeGreaterThan(0);
        expect(doc).toMatchObject({
          tilejson: '3.0.0',
          name: 'grids',
          scheme: 'xyz',
          tiles: [`http://tiles.example.cn:8080/tiles/grids/${revision}/{z}/{x}/{y}.mvt`],
          minzoom: 8,
          maxzoom: 18,
        });
        expect(doc.vector_layers).toEqual([
          {
            id: 'grids',
            description: expect.any(String),
            minzoom: 8,
            maxzoom: 18,
            fields: {
              level: expect.stringMatching(/^Number/),
              code: expect.stringMatching(/^String/),
              name: expect.stringMatching(/^String/),
              parent_id: expect.stringMatching(/^Number/),
              households: expect.stringMatching(/^Number/),
              population: expect.stringMatching(/^Number/),
            },
          },
          {
            id: 'grid_labels',
            description: expect.any(String),
            minzoom: 8,
            maxzoom: 18,
            fields: { level: expect.stringMatching(/^Number/), code: expect.stringMatching(/^String/), name: expect.stringMatching(/^String/) },
          },
        ]);
      });

      it('gives bounds and center of the current data', async () => {
        const grids = (await ctx.app.inject('/tiles/grids.json')).json();
        // the fixture spans the antimeridian grids (±180) and the Svalbard one (to 85.05°N)
        expect(grids.bounds[0]).toBeCloseTo(-180, 6);
        expect(grids.bounds[2]).toBeCloseTo(180, 6);
        expect(grids.bounds[3]).toBeCloseTo(85.05, 6);
        const buildings = (await ctx.app.inject('/tiles/buildings.json')).json();
        expect(buildings.bounds[0]).toBeCloseTo(118.1078, 6);
        expect(buildings.bounds[1]).toBeCloseTo(24.4948, 6);
        expect(buildings.bounds[2]).toBeCloseTo(118.118, 6);
        expect(buildings.bounds[3]).toBeCloseTo(24.4952, 6);
        expect(buildings.center[0]).toBeCloseTo(118.1129, 4);
        expect(buildings.center[1]).toBeCloseTo(24.495, 4);
        // 0.0102° is 1/35,000 of the world's width: a 1024-pixel map (4 tiles) holds it up to z17
        expect(buildings.center[2]).toBe(17);
      });

      it('lists every MVT layer of the basemap', async () => {
        const doc = (await ctx.app.inject('/tiles/basemap.json')).json();
        expect(doc.vector_layers.map((l: { id: string }) => l.id)).toEqual(['water', 'green', 'blocks', 'roads', 'boundaries']);
        expect(doc.vector_layers[3].fields).toHaveProperty('kind');
      });

      it('builds URLs from X-Forwarded-Proto/Host behind a proxy', async () => {
        const res = await ctx.app.inject({
          url: '/tiles/basemap.json',
          headers: { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wangge.example.gov.cn, proxy.internal' },
        });
        expect(res.json().tiles[0]).toMatch(/^https:\/\/wangge\.example\.gov\.cn\/tiles\/basemap\/\d+\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
        expect(res.headers.vary).toMatch(/X-Forwarded-Host/);
        const bogus = await ctx.app.inject({ url: '/tiles/basemap.json', headers: { 'x-forwarded-host': 'evil.example/"><script>' } });
        expect(bogus.statusCode).toBe(400);
        expect(bogus.json().message).toMatch(/not a valid host name/);
      });

      it('serves tiles at the URL it advertises, and revalidates with its ETag', async () => {
        const doc = (await ctx.app.inject('/tiles/grids.json')).json();
        const url = new URL(doc.tiles[0].replace('{z}', '14').replace('{x}', '13567').replace('{y}', '7041'));
        const tile = await ctx.app.inject(url.pathname + url.search);
        expect(tile.statusCode).toBe(200);
        expect(tile.headers['cache-control']).toMatch(/immutable/);
        expect(decodeTile(tile.rawPayload).grids.map((f) => f.id)).toContain(ids.west);

        const res = await ctx.app.inject('/tiles/grids.json');
        expect(res.headers['cache-control']).toBe('no-cache');
        const again = await ctx.app.inject({ url: '/tiles/grids.json', headers: { 'if-none-match': res.headers.etag as string } });
        expect(again.statusCode).toBe(304);
      });

      it('moves the revision in the URL after an edit', async () => {
        const before = (await ctx.app.inject('/tiles/grids.json')).json();
        await ctx.db.query(`update grid set households = households + 1 where id = $1 and valid_to is null`, [ids.east]);
        await ctx.app.revisions.refresh();
        const after = (await ctx.app.inject('/tiles/grids.json')).json();
        const v = (doc: { tiles: string[] }) => Number(/\/tiles\/grids\/(\d+)\//.exec(doc.tiles[0])![1]);
        expect(v(after)).toBe(v(before) + 1);
        expect(after.version).not.toBe(before.version);
      });
    });
  });
}

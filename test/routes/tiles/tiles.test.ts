import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { hostileBuildingName, hostileName, ids, insertTileFixture, tiles } from './tiles.fixture.ts';
import { bbox, featureIds, getTile, polygonArea, ringArea } from './mvt.decode.ts';

for (const backend of backends) {
  describe(`GET /tiles/{layer}/{z}/{x}/{y}.mvt (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => {
      await insertTileFixture(ctx.db);
      await ctx.app.revisions.refresh();
    });

    it('serves the current generation of grids in the tile that holds them, with their properties', async () => {
      const { res, decoded } = await getTile(ctx.app, 'grids', tiles.community);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(Object.keys(decoded)).toEqual(['grids', 'grid_labels']);
      // the retired version of grid 9004 and the EMPTY / zero-area grids are not drawn
      expect(featureIds(decoded, 'grids')).toEqual([ids.community, ids.west, ids.east, ids.bowtie, ids.spike]);
      const west = decoded.grids.find((f) => f.id === ids.west)!;
      expect(west.type).toBe(3);
      expect(west.properties).toEqual({ level: 2, code: '350203001001001', name: hostileName, parent_id: ids.community, households: 312, population: 790 });
      const community = decoded.grids.find((f) => f.id === ids.community)!;
      expect(community.properties).not.toHaveProperty('parent_id');
      expect(community.properties.households).toBe(600);
    });

    it('labels each grid once, at a point inside it', async () => {
      const { decoded } = await getTile(ctx.app, 'grids', tiles.community);
      const labels = decoded.grid_labels;
      expect(labels.map((f) => f.id).sort()).toEqual([...new Set(labels.map((f) => f.id))].sort());
      const west = labels.find((f) => f.id === ids.west)!;
      expect(west.type).toBe(1);
      expect(west.properties).toEqual({ level: 2, code: '350203001001001', name: hostileName });
      const [[point]] = west.geometry;
      const [x0, y0, x1, y1] = bbox(decoded.grids.find((f) => f.id === ids.west)!);
      expect(point.x).toBeGreaterThan(x0);
      expect(point.x).toBeLessThan(x1);
      expect(point.y).toBeGreaterThan(y0);
      expect(point.y).toBeLessThan(y1);
    });

    it('puts the geometry where the data is, in tile units, with MVT exterior winding', async () => {
      const { decoded } = await getTile(ctx.app, 'grids', tiles.community);
      // The tile spans lon 118.10303–118.125 over 4096 units: the west grid starts 0.00197° ≈ 368 units in
      // and the grids meet at lon 118.114 ≈ unit 2046.
      const [west, east] = [ids.west, ids.east].map((id) => decoded.grids.find((f) => f.id === id)!);
      expect(bbox(west)[0]).toBeCloseTo(368, -1);
      expect(bbox(west)[2]).toBeCloseTo(2046, -1);
      expect(bbox(east)[0]).toBe(bbox(west)[2]);
      for (const feature of [west, east]) {
        expect(feature.geometry).toHaveLength(1);
        expect(ringArea(feature.geometry[0])).toBeGreaterThan(0);
      }
      // the two halves make up the community
      const community = decoded.grids.find((f) => f.id === ids.community)!;
      expect(polygonArea(west) + polygonArea(east)).toBeCloseTo(polygonArea(community), -1);
    });

    it('keeps grids out of tiles they do not reach', async () => {
      const east = await getTile(ctx.app, 'grids', tiles.eastGridOnly);
      expect(featureIds(east.decoded, 'grids')).toEqual([ids.community, ids.east]);
      const elsewhere = await getTile(ctx.app, 'grids', tiles.eastOfCommunity);
      expect(elsewhere.res.statusCode).toBe(204);
      expect(elsewhere.res.rawPayload).toHaveLength(0);
    });

    it('draws invalid grids across a tile edge as valid polygons of their own size', async () => {
      // Both run across this tile's western edge (lon 118.114). Clipped unrepaired, the spiked grid
      // turns inside out and floods the tile, and other invalid shapes make GEOS fail — which on
      // PGlite empties the result of the whole statement.
      const { decoded } = await getTile(ctx.app, 'grids', { z: 15, x: 27135, y: 14083 });
      expect(featureIds(decoded, 'grids')).toEqual([ids.community, ids.west, ids.east, ids.bowtie, ids.spike]);
      const [bowtie, spike] = [ids.bowtie, ids.spike].map((id) => decoded.grids.find((f) => f.id === id)!);
      // only the bow-tie's triangle east of its crossing at lon 118.112 reaches this tile
      expect(bowtie.geometry).toHaveLength(1);
      expect(ringArea(bowtie.geometry[0])).toBeGreaterThan(0);
      // the spiked grid's body, from the buffer's edge (-64) to 741 and from 2313 to 2723; the spike has no area
      expect(bbox(spike)).toEqual([-64, 2313, 741, 2723]);
      expect(polygonArea(spike)).toBe(805 * 410);
    });

    it('draws grids at the edges of the world: both sides of the antimeridian and the top row', async () => {
      const east = await getTile(ctx.app, 'grids', tiles.antimeridianEast);
      expect(featureIds(east.decoded, 'grids')).toEqual([ids.antimeridianEast]);
      expect(bbox(east.decoded.grids[0])[2]).toBe(4096);
      const west = await getTile(ctx.app, 'grids', tiles.antimeridianWest);
      expect(featureIds(west.decoded, 'grids')).toEqual([ids.antimeridianWest]);
      expect(bbox(west.decoded.grids[0])[0]).toBe(0);
      const arctic = await getTile(ctx.app, 'grids', tiles.arctic);
      expect(tiles.arctic.y).toBe(0);
      expect(featureIds(arctic.decoded, 'grids')).toEqual([ids.arctic]);
    });

    it('serves buildings from z15: footprint polygons where mapped, points otherwise', async () => {
      const tile = { z: 15, x: 27134, y: 14083 };
      const { decoded } = await getTile(ctx.app, 'buildings', tile);
      expect(featureIds(decoded, 'buildings')).toEqual([ids.footprintBuilding]);
      const [building] = decoded.buildings;
      expect(building.type).toBe(3);
      expect(building.properties).toEqual({ name: hostileBuildingName, kind: 'residential', floors: 7, households: 42, compound_id: ids.compound });
      const east = await getTile(ctx.app, 'buildings', { z: 15, x: 27135, y: 14083 });
      expect(east.decoded.buildings.map((f) => [f.id, f.type, f.properties.kind])).toEqual([[ids.pointBuilding, 1, 'shop']]);
      expect(east.decoded.buildings[0].properties).not.toHaveProperty('floors');
      // below the layer's minzoom there is nothing to draw, and the database is not asked
      expect((await getTile(ctx.app, 'buildings', { z: 14, x: 13567, y: 7041 })).res.statusCode).toBe(204);
    });

    it('serves the basemap as one MVT layer per class', async () => {
      const { decoded } = await getTile(ctx.app, 'basemap', tiles.community);
      expect(Object.keys(decoded).sort()).toEqual(['blocks', 'boundaries', 'green', 'roads', 'water']);
      expect(decoded.roads.map((f) => f.properties).sort((a, b) => String(a.kind).localeCompare(String(b.kind)))).toEqual([
        { kind: 'arterial', name: '湖滨南路' },
        { kind: 'path' },
      ]);
      expect(decoded.roads.every((f) => f.type === 2)).toBe(true);
      expect(decoded.water.map((f) => [f.type, f.properties.name]).sort()).toEqual([[2, '小溪'], [3, '筼筜湖']]);
      expect(decoded.blocks[0].properties).toEqual({ name: `Block "7" \\ 'A'` });
      expect(decoded.green[0].type).toBe(3);
    });

    it('serves events with classification and state only', async () => {
      const { decoded } = await getTile(ctx.app, 'events', tiles.community);
      expect(decoded.events).toHaveLength(1);
      expect(decoded.events[0]).toMatchObject({ id: ids.event, type: 1 });
      expect(decoded.events[0].properties).toEqual({
        category: '市容环境',
        subcategory: '堆物堆料',
        status: 'dispatched',
        source: 'hotline',
        reported_at: '2026-03-01T00:30:00Z',
      });
    });

    it('answers If-None-Match with 304 and marks URLs with the current revision immutable', async () => {
      const first = await getTile(ctx.app, 'grids', tiles.community);
      const etag = first.res.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.res.headers['cache-control']).toBe('public, max-age=60');
      const again = await ctx.app.inject({ url: '/tiles/grids/14/13567/7041.mvt', headers: { 'if-none-match': `W/"nope", ${etag}` } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload).toHaveLength(0);
      expect(again.headers.etag).toBe(etag);
      const other = await ctx.app.inject({ url: '/tiles/grids/14/13567/7041.mvt', headers: { 'if-none-match': '"something-else"' } });
      expect(other.statusCode).toBe(200);

      const revision = ctx.app.revisions.current('grids');
      const current = await getTile(ctx.app, 'grids', tiles.community, `?v=${revision}`);
      expect(current.res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(current.res.headers.etag).toBe(etag);
      const stale = await getTile(ctx.app, 'grids', tiles.community, `?v=${revision - 1}`);
      expect(stale.res.headers['cache-control']).toBe('public, max-age=60');
    });

    it.each([
      ['/tiles/grids/23/0/0.mvt', /zoom 23 is too deep: z must be between 0 and 22/],
      ['/tiles/grids/4/16/0.mvt', /x 16 is outside zoom 4: x must be between 0 and 15/],
      ['/tiles/grids/4/0/16.mvt', /y 16 is outside zoom 4/],
      ['/tiles/grids/-1/0/0.mvt', /z must not be negative/],
      ['/tiles/grids/4/-1/0.mvt', /x must not be negative/],
      ['/tiles/grids/4/1.5/0.mvt', /x must be a whole number, got "1.5"/],
      ['/tiles/grids/4/0/1e1.mvt', /y must be a whole number, got "1e1"/],
      ['/tiles/grids/z/0/0.mvt', /z must be a whole number, got "z"/],
      ['/tiles/grids/4/0/99999999999999999999999.mvt', /y/],
      ['/tiles/grids/4/0/0.mvt?v=abc', /v must be integer/],
      ['/tiles/grids/4/0/0.mvt?v=-1', /v must be >= 0/],
    ])('rejects %s with 400', async (url, message) => {
      const res = await ctx.app.inject(url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.json().message).toMatch(message);
    });

    it('answers 404 for an unknown layer, naming the known ones', async () => {
      for (const url of ['/tiles/residents/14/13567/7041.mvt', "/tiles/gr'ids/1/0/0.mvt", '/tiles/nope.json']) {
        const res = await ctx.app.inject(url);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
        expect(res.json().message).toMatch(/unknown tile layer .*; known layers: grids, buildings, basemap, events$/);
      }
    });
  });
}

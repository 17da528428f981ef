// The two encoders must draw the same map: ST_AsMVT (PostGIS with protobuf) and the JS fallback that
// PGlite runs. Both run here on PostgreSQL over the same rows, and PGlite's JS output is compared with
// PostgreSQL's ST_AsMVT too. Needs WANGGE_TEST_PG_URL; without it only PGlite exists and there is
// nothing to compare with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db/db.ts';
import { backends, closeTestDbs, openTestDb } from '../../helpers/db.ts';
import { TileService } from '../../../server/tiles/tile.service.ts';
import { postgisEncoder } from '../../../server/tiles/postgis.encoder.ts';
import { jsEncoder } from '../../../server/tiles/js.encoder.ts';
import { fixtureTiles, insertJaggedGrids, insertTileFixture, tiles } from './tiles.fixture.ts';
import { bbox, boundaryDistance, decodeTile, perimeter, polygonArea, sameShape, type DecodedFeature, type DecodedTile } from './mvt.decode.ts';


interface Comparison {
  features: number;
  jagged: number;
  differences: string[];
}

/** One screen pixel of a tile drawn 512 pixels wide, in tile units. */
const PIXEL = 4096 / 512;

/** Grids drawn from the jagged fixture: folded spikes every few vertices, repaired differently by GEOS and Wagyu. */
const isJagged = (layer: string, id: number | undefined) => layer === 'grids' && id !== undefined && id >= 9600;

/**
 * Same MVT layers, same feature ids, types and properties. Geometry: for ordinary data every vertex
 * within one tile unit of the other's outline (Debian's ST_AsMVT clips polygons with Wagyu, the JS path
 * with GEOS, and each rounds a new vertex on the buffer edge its own way); for the jagged grids, whose
 * folded spikes the two repair differently, within one screen pixel.
 */
function compareTiles(where: string, expected: DecodedTile, actual: DecodedTile, into: Comparison): void {
  const diff = (message: string) => void into.differences.push(`${where}: ${message}`);
  const names = (t: DecodedTile) => Object.keys(t).sort().join(',');
  if (names(expected) !== names(actual)) return diff(`layers ${names(expected)} vs ${names(actual)}`);
  for (const layer of Object.keys(expected)) {
    const byId = (features: DecodedFeature[]) => new Map(features.map((f) => [f.id, f]));
    const [a, b] = [byId(expected[layer]), byId(actual[layer])];
    const ids = (m: Map<number | undefined, DecodedFeature>) => [...m.keys()].sort().join(',');
    if (ids(a) !== ids(b)) {
      diff(`${layer} ids ${ids(a)} vs ${ids(b)}`);
      continue;
    }
    for (const [id, fa] of a) {
      const fb = b.get(id)!;
      into.features++;
      const what = `${layer} #${id}`;
      if (fa.type !== fb.type) diff(`${what} type ${fa.type} vs ${fb.type}`);
      if (JSON.stringify(sortKeys(fa.properties)) !== JSON.stringify(sortKeys(fb.properties))) diff(`${what} properties differ`);
      if (fa.type === 3 && (polygonArea(fa) <= 0 || polygonArea(fb) <= 0)) diff(`${what} exterior winding: areas ${polygonArea(fa)}, ${polygonArea(fb)}`);
      // where edges cross the tile's buffer, the two round the new vertex each their own way
      const tolerance = isJagged(layer, id) ? PIXEL : 1;
      if (isJagged(layer, id)) into.jagged++;
      if (fa.type === 1 && !sameShape(fa, fb)) diff(`${what} points ${JSON.stringify(fa.geometry)} vs ${JSON.stringify(fb.geometry)}`);
      const [ba, bb] = [bbox(fa), bbox(fb)];
      if (ba.some((v, i) => Math.abs(v - bb[i]) > tolerance)) diff(`${what} bbox ${ba} vs ${bb}`);
      const distance = boundaryDistance(fa, fb);
      if (distance > tolerance) diff(`${what} outlines ${distance.toFixed(2)} units apart`);
      if (fa.type === 3) {
        // at most what a band of the tolerance's width along the outline holds
        const [aa, ab] = [polygonArea(fa), polygonArea(fb)];
        if (Math.abs(aa - ab) > Math.max(0.001 * aa, 0.5 * tolerance * perimeter(fa))) diff(`${what} area ${aa} vs ${ab}`);
      }
    }
  }
}

const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

const hasPostgis = backends.includes('postgis');

describe.skipIf(!hasPostgis)('tile encoders agree (ST_AsMVT vs JS)', () => {
  let pg: Db;
  let lite: Db;
  beforeAll(async () => {
    [pg, lite] = [await openTestDb('postgis', 'empty'), await openTestDb('pglite', 'empty')];
    for (const db of [pg, lite]) {
      await insertTileFixture(db);
      await insertJaggedGrids(db);
    }
  }, 120_000);
  afterAll(closeTestDbs);

  const noRevisions = { current: () => 0 };

  it('PostgreSQL has ST_AsMVT and PGlite does not, so each picks its encoder', () => {
    expect(pg.capabilities.mvt).toBe(true);
    expect(lite.capabilities.mvt).toBe(false);
    expect(new TileService(pg, noRevisions).encoder.name).toBe('postgis');
    expect(new TileService(lite, noRevisions).encoder.name).toBe('js');
  });

  it('on PostgreSQL, both encoders give the same features for every layer and tile', async () => {
    const service = new TileService(pg, noRevisions);
    const result: Comparison = { features: 0, jagged: 0, differences: [] };
    for (const layer of service.layers.values()) {
      for (const coords of fixtureTiles()) {
        const [fast, fallback] = await Promise.all([service.render(layer, coords, postgisEncoder), service.render(layer, coords, jsEncoder)]);
        compareTiles(`${layer.id} ${coords.z}/${coords.x}/${coords.y}`, decodeTile(fast.bytes), decodeTile(fallback.bytes), result);
      }
    }
    expect(result.differences).toEqual([]);
    // every layer and the jagged grids at every zoom: the comparison covered real features
    expect(result.features).toBeGreaterThan(500);
    expect(result.jagged).toBeGreaterThan(150);
  });

  it('the comparison notices a moved vertex, a changed property and a missing feature', async () => {
    const service = new TileService(pg, noRevisions);
    const tile = decodeTile((await service.render(service.layer('grids')!, tiles.community)).bytes);
    const altered = structuredClone(tile);
    altered.grids[0].geometry[0][1].x += 3;
    altered.grids[1].properties.name = 'renamed';
    altered.grids.pop();
    const result: Comparison = { features: 0, jagged: 0, differences: [] };
    compareTiles('altered', tile, altered, result);
    expect(result.differences).toEqual([expect.stringMatching(/grids ids/)]);
    altered.grids.push(tile.grids[tile.grids.length - 1]);
    compareTiles('altered', tile, altered, result);
    expect(result.differences.slice(1)).toEqual([
      expect.stringMatching(/#\d+ bbox .* vs /),
      expect.stringMatching(/#\d+ outlines 3\.00 units apart/),
      expect.stringMatching(/#\d+ properties differ/),
    ]);
  });

  it('PGlite’s JS encoder draws what PostgreSQL’s ST_AsMVT draws', async () => {
    const [onPg, onLite] = [new TileService(pg, noRevisions), new TileService(lite, noRevisions)];
    const result: Comparison = { features: 0, jagged: 0, differences: [] };
    for (const layer of onPg.layers.values()) {
      for (const coords of fixtureTiles()) {
        const [fast, fallback] = await Promise.all([onPg.render(layer, coords), onLite.render(layer, coords)]);
        compareTiles(`${layer.id} ${coords.z}/${coords.x}/${coords.y}`, decodeTile(fast.bytes), decodeTile(fallback.bytes), result);
      }
    }
    expect(result.differences).toEqual([]);
    expect(result.features).toBeGreaterThan(500);
    expect(result.jagged).toBeGreaterThan(150);
  });
});

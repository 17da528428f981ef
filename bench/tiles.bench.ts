// Tile benchmarks on the maigaoqiao preset, real PostGIS (WANGGE_BENCH_PG_URL; bench.db.ts creates the
// database and seeds maigaoqiao into it when empty):
//  - uncached grid tiles at z14 and z16 through the app (listening server, HTTP, cache cleared before
//    each request) vs the raw pg_tileserv-style ST_AsMVT query for the same tiles through `pg`
//    (goal: app ≤ 1.2× the raw query's time)
//  - the JS encoder (PGlite's path) on the same tiles and database, for scale
//  - cached tile throughput with autocannon vs a Fastify route serving the same bytes from memory
// Run: npx tsx bench/tiles.bench.ts   (BENCH_SECONDS per autocannon run, BENCH_ROUNDS per timing)
import http from 'node:http';
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { openBenchDb, percentile, table } from './bench.db.ts';
import { tileOf, type TileCoords } from '../server/tiles/tile.coords.ts';
import { jsEncoder } from '../server/tiles/js.encoder.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const maxTiles = 150;

const db = await openBenchDb();
if (!db.capabilities.mvt) throw new Error('this PostGIS has no ST_AsMVT; the benchmark compares against it');

// What pg_tileserv would run for the layer: the baseline the app's own encoder is held to.
const rawSql = `select ST_AsMVT(t, 'grids', 4096, 'geom', 'id') as mvt from (
    select id, level, code, name, parent_id, households, population,
           ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1, $2, $3), 4096, 64, true) as geom
      from grid where valid_to is null and geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)) t
  where geom is not null`;

const { rows: [extent] } = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
  `select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1 from (select ST_Extent(geom) as e from grid where valid_to is null) s`,
);

/** Tiles over the district at zoom z, evenly thinned to at most maxTiles. */
function tilesOver(z: number): TileCoords[] {
  const nw = tileOf(extent.x0, extent.y1, z);
  const se = tileOf(extent.x1, extent.y0, z);
  const all: TileCoords[] = [];
  for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) all.push({ z, x, y });
  const step = Math.max(1, Math.ceil(all.length / maxTiles));
  return all.filter((_, i) => i % step === 0);
}

const app = await buildApp({ db });
const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const grids = app.tiles.layer('grids')!;
const path = ({ z, x, y }: TileCoords) => `/tiles/grids/${z}/${x}/${y}.mvt`;

/** Mean ms per tile of `fetchTile` over the tiles, best of several rounds (after one warm-up round). */
async function timePerTile(tiles: TileCoords[], fetchTile: (t: TileCoords) => Promise<number>): Promise<{ mean: number; p50: number; bytes: number }> {
  let bytes = 0;
  for (const t of tiles) bytes += await fetchTile(t);
  let best = { mean: Infinity, p50: Infinity };
  for (let r = 0; r < rounds; r++) {
    const sample: number[] = [];
    for (const t of tiles) {
      const start = performance.now();
      await fetchTile(t);
      sample.push(performance.now() - start);
    }
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    if (mean < best.mean) best = { mean, p50: percentile(sample, 50) };
  }
  return { ...best, bytes: Math.round(bytes / tiles.length) };
}

// node:http with keep-alive: fetch (undici) costs more per request than the server does.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
const viaApp = async (t: TileCoords) => {
  app.tiles.cache.clear();
  return get(appUrl + path(t));
};
const viaRawSql = async (t: TileCoords) => (await db.query<{ mvt: Uint8Array }>(rawSql, [t.z, t.x, t.y])).rows[0].mvt.byteLength;
const viaJsEncoder = async (t: TileCoords) => (await app.tiles.render(grids, t, jsEncoder)).bytes.byteLength;

const uncached: Array<Record<string, string | number>> = [];
for (const z of [14, 16]) {
  const tiles = tilesOver(z);
  const raw = await timePerTile(tiles, viaRawSql);
  const served = await timePerTile(tiles, viaApp);
  const js = await timePerTile(tiles, viaJsEncoder);
  uncached.push(
    { bench: `grids z${z} uncached, app over HTTP`, tiles: tiles.length, 'mean ms': +served.mean.toFixed(2), 'p50 ms': +served.p50.toFixed(2), 'avg bytes': served.bytes, reference: 'raw ST_AsMVT via pg', 'ref mean ms': +raw.mean.toFixed(2), ratio: +(served.mean / raw.mean).toFixed(2), goal: '≤ 1.2' },
    { bench: `grids z${z} JS encoder (PGlite path) on PostGIS`, tiles: tiles.length, 'mean ms': +js.mean.toFixed(2), 'p50 ms': +js.p50.toFixed(2), 'avg bytes': js.bytes, reference: 'raw ST_AsMVT via pg', 'ref mean ms': +raw.mean.toFixed(2), ratio: +(js.mean / raw.mean).toFixed(2), goal: '-' },
  );
}

// Cached: every tile of both zooms rendered once, then served from the LRU under load, against the
// same bytes from a Map in a bare Fastify route (the floor for any Node HTTP server).
const cachedTiles = [...tilesOver(14), ...tilesOver(16)];
const revision = app.revisions.current('grids');
const cachedPaths = cachedTiles.map((t) => `${path(t)}?v=${revision}`);
const memory = new Map<string, Buffer>();
for (const t of cachedTiles) {
  const res = await fetch(appUrl + path(t));
  if (res.status === 200) memory.set(path(t), Buffer.from(await res.arrayBuffer()));
}
const paths = cachedPaths.filter((_, i) => memory.has(path(cachedTiles[i])));
const memoryServer = Fastify();
memoryServer.get('/tiles/grids/:z/:x/:y', async (request, reply) => reply.type('application/vnd.mapbox-vector-tile').send(memory.get(request.url.split('?')[0])));
const memoryUrl = await memoryServer.listen({ port: 0, host: '127.0.0.1' });

async function load(url: string) {
  let i = 0;
  const result = await autocannon({ url, duration, connections: 16, requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
const [hitsBefore, missesBefore] = [app.tiles.cache.hits, app.tiles.cache.misses];
const cached = await load(appUrl);
const bare = await load(memoryUrl);
const [hits, misses] = [app.tiles.cache.hits - hitsBefore, app.tiles.cache.misses - missesBefore];
const hitRate = hits / Math.max(1, hits + misses);

table(uncached);
table([
  { bench: `grids z14+z16 cached (${paths.length} tiles)`, 'req/s': cached.rps, 'p50 ms': cached.p50, 'p99 ms': cached.p99, errors: cached.errors, 'cache hit rate': +hitRate.toFixed(3), reference: 'Fastify route, bytes from a Map', 'ref req/s': bare.rps, ratio: +(cached.rps / bare.rps).toFixed(2) },
]);

agent.destroy();
await app.close();
await memoryServer.close();
await db.close();

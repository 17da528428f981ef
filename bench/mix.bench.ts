// Scale-out load test on the maigaoqiao preset, real PostGIS (WANGGE_BENCH_PG_URL): the traffic of a
// street's maps and kiosks — tiles 80 %, lookups 15 %, search 5 % — with autocannon against one server
// process (the reference) and against two processes on the same database (round-robin over their
// connections), in the same run. Reports requests/s, p50/p99 and errors (goal: zero).
// Tiles are asked at the versioned URLs TileJSON advertises (what a map does), over grids, buildings
// and basemap at z13–z17; lookups at random points; search by compound names and their prefixes.
// Run: npx tsx bench/mix.bench.ts   (BENCH_SECONDS per run, default 15; BENCH_CONNECTIONS, default 32)
import os from 'node:os';
import autocannon from 'autocannon';
import { benchUrl, openBenchDb, table } from './bench.db.ts';
import { startServer, type ServerProcess } from '../test/helpers/server.process.ts';
import { seededRandom } from '../server/demo/seeded.random.ts';
import { tileOf } from '../server/tiles/tile.coords.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const share = { tiles: 16, lookups: 3, search: 1 }; // per 20 requests: 80 / 15 / 5 %

const db = await openBenchDb();
const { rows: [extent] } = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
  `select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1 from (select ST_Extent(geom) as e from grid where valid_to is null and level = 1) s`,
);
const revisions = Object.fromEntries((await db.query<{ layer: string; revision: number }>('select layer, revision from data_revision')).rows.map((r) => [r.layer, r.revision]));
const compounds = (await db.query<{ name: string }>('select name from compound order by id limit 200')).rows.map((r) => r.name);
await db.close();

const random = seededRandom(7, 'bench-mix');
const point = () => ({ lon: random.between(extent.x0, extent.x1), lat: random.between(extent.y0, extent.y1) });

/** Tiles a map panning over the district asks for: each layer, zooms 13–17, around random points. */
const tilePaths = (count: number) => Array.from({ length: count }, () => {
  const layer = (['grids', 'grids', 'buildings', 'basemap'] as const)[Math.floor(random.between(0, 4))];
  const { z, x, y } = tileOf(point().lon, point().lat, 13 + Math.floor(random.between(0, 5)));
  return `/tiles/${layer}/${revisions[layer]}/${z}/${x}/${y}.mvt`;
});
const lookupPaths = Array.from({ length: 2000 }, () => { const p = point(); return `/api/lookup?lon=${p.lon.toFixed(6)}&lat=${p.lat.toFixed(6)}`; });
const searchPaths = compounds.flatMap((n) => [n, n.slice(0, 2)]).map((q) => `/api/search?q=${encodeURIComponent(q)}`);

/** The i-th request of the mix: 16 tiles, 3 lookups, 1 search in every 20, each list walked in turn. */
function mixPath(tiles: string[], i: number): string {
  const slot = i % 20;
  const round = Math.floor(i / 20);
  if (slot < share.tiles) return tiles[(round * share.tiles + slot) % tiles.length];
  if (slot < share.tiles + share.lookups) return lookupPaths[(round * share.lookups + slot - share.tiles) % lookupPaths.length];
  return searchPaths[round % searchPaths.length];
}

// Hot: 200 tiles, as when a street's kiosks and screens look at the same few views (the tile cache
// answers, the processes' own work dominates). Wide: 4,000 tiles, most rendered by PostGIS once per process.
const mixes = { hot: tilePaths(200), wide: tilePaths(4000) };

async function load(urls: string[], tiles: string[], seconds: number) {
  let i = 0;
  const result = await autocannon({
    // autocannon spreads its connections over several URLs; its type declarations know only one
    url: (urls.length === 1 ? urls[0] : urls) as string, duration: seconds, connections,
    requests: [{ setupRequest: (req) => ({ ...req, path: mixPath(tiles, i++) }) }],
  });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, total: result.requests.total };
}

async function run(processes: number) {
  const env = { DATABASE_URL: benchUrl, LOG_LEVEL: 'warn' };
  const servers: ServerProcess[] = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
  try {
    const urls = servers.map((s) => s.url);
    await load(urls, mixes.hot, 3); // warm-up: lookup index, search index, the hot tiles
    return { hot: await load(urls, mixes.hot, duration), wide: await load(urls, mixes.wide, duration) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

const loadBefore = os.loadavg()[0];
const one = await run(1);
const two = await run(2);
table((['hot', 'wide'] as const).flatMap((mix): Array<Record<string, string | number>> => [
  { bench: `mix 80/15/5 ${mix} tiles, 1 process (reference)`, 'req/s': one[mix].rps, 'p50 ms': one[mix].p50, 'p99 ms': one[mix].p99, errors: one[mix].errors, requests: one[mix].total },
  { bench: `mix 80/15/5 ${mix} tiles, 2 processes`, 'req/s': two[mix].rps, 'p50 ms': two[mix].p50, 'p99 ms': two[mix].p99, errors: two[mix].errors, requests: two[mix].total, 'ratio to 1': +(two[mix].rps / one[mix].rps).toFixed(2) },
]));
console.log(`${os.cpus().length} CPUs (shared by PostgreSQL, autocannon and the servers); load average before ${loadBefore.toFixed(1)}, after ${os.loadavg()[0].toFixed(1)}; ${connections} connections, ${duration} s per run`);

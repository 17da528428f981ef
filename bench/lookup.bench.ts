// Lookup benchmarks on the maigaoqiao preset, real PostGIS:
//  - GET /api/lookup requests/s and p50/p99 vs a Fastify hello-world route (goal ≥ 0.7×)
//  - batch assignment of 1M random points: points/s through POST /api/lookup/batch vs the raw
//    polygon-driven SQL join for the same points (goal ≥ 1.0×)
// Run: npx tsx bench/lookup.bench.ts   (WANGGE_BENCH_PG_URL, BENCH_POINTS to change the 1M)
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { openBenchDb, table } from './bench.db.ts';
import { seededRandom } from '../server/demo/seeded.random.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const batchPoints = Number(process.env.BENCH_POINTS ?? 1_000_000);

const db = await openBenchDb();
const { rows: [extent] } = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
  `select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1 from (select ST_Extent(geom) as e from grid where valid_to is null and level = 1) s`,
);
const random = seededRandom(42, "bench-points");
const randomPoint = () => ({ lon: random.between(extent.x0, extent.x1), lat: random.between(extent.y0, extent.y1) });

async function load(url: string, paths: string[]) {
  let i = 0;
  const result = await autocannon({
    url, duration, connections: 16,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const app = await buildApp({ db });
const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const hello = Fastify();
hello.get('/hello', async () => ({ hello: 'world' }));
const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });

const lookupPaths = Array.from({ length: 5000 }, () => { const p = randomPoint(); return `/api/lookup?lon=${p.lon.toFixed(6)}&lat=${p.lat.toFixed(6)}`; });
const lookup = await load(appUrl, lookupPaths);
const reference = await load(helloUrl, ['/hello']);

// Batch: the same 1M points through the HTTP API (NDJSON) and through the raw SQL join.
const points = Array.from({ length: batchPoints }, (_, i) => ({ id: String(i), ...randomPoint() }));
let t = performance.now();
const res = await fetch(`${appUrl}/api/lookup/batch`, {
  method: 'POST', headers: { 'content-type': 'application/x-ndjson' },
  body: points.map((p) => JSON.stringify(p)).join('\n'),
});
const assigned = (await res.text()).split('\n').filter((l) => l && JSON.parse(l).grids.length).length;
const apiSeconds = (performance.now() - t) / 1000;

t = performance.now();
let rawAssigned = 0;
for (let i = 0; i < points.length; i += 50_000) {
  const chunk = points.slice(i, i + 50_000);
  rawAssigned += await db.transaction(async (tx) => {
    await tx.query('create temporary table p (n int, geom geometry(Point, 4326)) on commit drop');
    await tx.query(`insert into p select n, ST_SetSRID(ST_MakePoint(x, y), 4326) from unnest($1::float8[], $2::float8[]) with ordinality as u(x, y, n)`, [chunk.map((p) => p.lon), chunk.map((p) => p.lat)]);
    await tx.query('create index on p using gist (geom)');
    await tx.query('analyze p');
    const { rows } = await tx.query(`select p.n, g.id from grid g join p on ST_Intersects(g.geom, p.geom) where g.valid_to is null and g.level = 3`);
    return rows.length;
  });
}
const rawSeconds = (performance.now() - t) / 1000;

table([
  { bench: 'GET /api/lookup', 'req/s': lookup.rps, 'p50 ms': lookup.p50, 'p99 ms': lookup.p99, errors: lookup.errors, reference: 'hello-world', 'ref req/s': reference.rps, ratio: +(lookup.rps / reference.rps).toFixed(2) },
  { bench: `batch ${batchPoints} points (HTTP NDJSON)`, 'points/s': Math.round(points.length / apiSeconds), assigned, reference: 'raw polygon-driven SQL', 'ref points/s': Math.round(points.length / rawSeconds), 'ref assigned': rawAssigned, ratio: +(rawSeconds / apiSeconds).toFixed(2) },
]);

await app.close();
await hello.close();
await db.close();

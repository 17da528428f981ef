// Intake burst on the maigaoqiao preset, real PostGIS: 10,000 reports from 50 concurrent clients, one
// in ten sent twice at once under the same Idempotency-Key (a client retrying a request it thinks was
// lost). Checks exactly 10,000 events were stored, every one placed in a grid; reports events/s and
// latency percentiles, beside a reference: the bare INSERT of the same rows at the same concurrency.
// The benchmark's events are deleted afterwards, so the shared bench database stays as seeded.
// Run: npx tsx bench/events.bench.ts   (WANGGE_BENCH_PG_URL; BENCH_EVENTS, BENCH_CLIENTS to change 10,000 / 50)
import crypto from 'node:crypto';
import { buildApp } from '../server/app.ts';
import { openBenchDb, percentile, table } from './bench.db.ts';
import { seededRandom } from '../server/demo/seeded.random.ts';
import { CATEGORIES } from '../server/events/event.categories.ts';

const total = Number(process.env.BENCH_EVENTS ?? 10_000);
const clients = Number(process.env.BENCH_CLIENTS ?? 50);
const run = crypto.randomBytes(4).toString('hex');

const db = await openBenchDb();
// Building points: inside the district, so every report is placed (outside ones would be refused).
const { rows: sites } = await db.query<{ lon: number; lat: number }>('select ST_X(geom) as lon, ST_Y(geom) as lat from building order by id limit 20000');
const random = seededRandom(6, 'bench-events');
const categories = Object.entries(CATEGORIES);
const reports = Array.from({ length: total }, (_, i) => {
  const [category, subs] = random.pick(categories);
  const site = random.pick(sites);
  return {
    key: `bench-${run}-${i}`,
    body: JSON.stringify({ category, subcategory: random.pick(subs), description: '压力测试事件', source: 'app', location: { lon: Number(site.lon), lat: Number(site.lat) }, reporter: { phone: '13900000000' } }),
    retried: i % 10 === 0,
  };
});

const app = await buildApp({ db, config: { ...(await import('../server/config.ts')).loadConfig(), events: { photoDir: '/tmp/wangge-bench-photos', photoMaxBytes: 5 << 20, reportRateLimit: 0 } } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const latencies: number[] = [];
let next = 0;
let failures = 0;
const statuses = new Map<number, number>();
async function post(r: (typeof reports)[number]): Promise<void> {
  const t = performance.now();
  const res = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': r.key }, body: r.body });
  await res.arrayBuffer();
  latencies.push(performance.now() - t);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status !== 201 && res.status !== 200) failures++;
}
async function client(): Promise<void> {
  while (next < reports.length) {
    const r = reports[next++];
    // the retry races the original: the harder case for idempotency
    await (r.retried ? Promise.all([post(r), post(r)]) : post(r));
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: clients }, client));
const seconds = (performance.now() - started) / 1000;

const { rows: [stored] } = await db.query<{ n: number; placed: number; staffed: number }>(
  `select count(*)::int as n, count(*) filter (where cardinality(grid_ids) > 0 and grid_id is not null)::int as placed,
          count(*) filter (where worker_id is not null)::int as staffed
     from event where idempotency_key like $1`, [`bench-${run}-%`]);

// Reference: the same number of bare single-row INSERTs (no HTTP, no lookup, no log) at the same concurrency.
let refNext = 0;
const refStarted = performance.now();
await Promise.all(Array.from({ length: clients }, async () => {
  while (refNext < total) {
    const i = refNext++;
    const site = sites[i % sites.length];
    await db.query(`insert into event (category, description, source, geom, idempotency_key) values ('市容环境', '', 'app', ST_SetSRID(ST_MakePoint($1, $2), 4326), $3)`, [site.lon, site.lat, `bench-ref-${run}-${i}`]);
  }
}));
const refSeconds = (performance.now() - refStarted) / 1000;

await db.query(`delete from event where idempotency_key like $1 or idempotency_key like $2`, [`bench-${run}-%`, `bench-ref-${run}-%`]);
await app.close();
await db.close();

table([
  { measure: 'reports sent (incl. retries)', value: latencies.length },
  { measure: 'answers by status', value: [...statuses].map(([s, n]) => `${s}: ${n}`).join(', ') },
  { measure: 'events stored', value: stored.n },
  { measure: 'placed in a grid', value: stored.placed },
  { measure: 'with a grid worker', value: stored.staffed },
  { measure: 'events/s (stored / wall time)', value: Math.round(stored.n / seconds) },
  { measure: 'requests/s', value: Math.round(latencies.length / seconds) },
  { measure: 'latency p50 ms', value: Math.round(percentile(latencies, 50) * 10) / 10 },
  { measure: 'latency p99 ms', value: Math.round(percentile(latencies, 99) * 10) / 10 },
  { measure: 'reference: bare INSERTs/s', value: Math.round(total / refSeconds) },
]);
const ok = stored.n === total && stored.placed === total && failures === 0;
console.log(ok ? `OK: exactly ${total} events stored, all placed` : `FAILED: ${stored.n} stored, ${stored.placed} placed, ${failures} failed requests`);
process.exitCode = ok ? 0 : 1;

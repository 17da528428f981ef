// Intake burst on the maigaoqiao preset, real PostGIS: 10,000 reports from 50 concurrent clients, one
// in ten sent twice at once under the same Idempotency-Key (a client retrying a request it thinks was
// lost). Checks exactly 10,000 events were stored, every one placed in a grid; reports events/s and
// latency percentiles, beside a reference: the bare INSERT of the same rows at the same concurrency.
// The benchmark's events are deleted afterwards, so the shared bench database stays as seeded.
// Then, when the web app is built and Chromium is at /usr/bin/chromium: the dispatch map over a history
// of 100,000 events (BENCH_MAP_EVENTS), time from navigation to the first drawn events at 1920×1080.
// Run: npx tsx bench/events.bench.ts   (WANGGE_BENCH_PG_URL; BENCH_EVENTS, BENCH_CLIENTS to change 10,000 / 50)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createUser } from '../test/helpers/auth.ts';
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
const mapFigures = await dispatchMapFirstRender();
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
if (mapFigures) table(mapFigures);
const ok = stored.n === total && stored.placed === total && failures === 0;
console.log(ok ? `OK: exactly ${total} events stored, all placed` : `FAILED: ${stored.n} stored, ${stored.placed} placed, ${failures} failed requests`);
process.exitCode = ok ? 0 : 1;

/** The dispatch map over a large history: seeded in SQL, measured in Chromium, removed afterwards. */
async function dispatchMapFirstRender(): Promise<Array<Record<string, string | number>> | null> {
  const dist = path.resolve(import.meta.dirname, '../dist/web/index.html');
  if (process.env.BENCH_MAP === '0' || !fs.existsSync(dist) || !fs.existsSync('/usr/bin/chromium')) return null;
  const count = Number(process.env.BENCH_MAP_EVENTS ?? 100_000);
  const marker = `bench-map-${run}-`;
  let t = performance.now();
  await db.exec(`
    create temporary table bench_site as
      select b.geom, array_agg(g.id order by g.level) as chain,
             (array_agg(g.worker_id order by g.level desc) filter (where g.worker_id is not null))[1] as worker_id
        from (select id, geom from building order by id limit 5000) b
        join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
       group by b.id, b.geom;
    insert into event (category, subcategory, description, source, status, geom, grid_ids, grid_id, worker_id, reported_at, updated_at, due, idempotency_key)
    select '市容环境', '暴露垃圾', '', 'app',
           (array['reported','accepted','dispatched','in_progress','resolved','feedback','closed','evaluated'])[1 + (i % 8)],
           s.geom, s.chain, s.chain[cardinality(s.chain)], s.worker_id, r, r,
           jsonb_build_object('arrive', r + interval '3 hours', 'solve', r + interval '24 hours', 'feedback', r + interval '36 hours', 'acceptance', r + interval '48 hours'),
           '${marker}' || i
      from generate_series(1, ${count}) as i
      cross join lateral (select now() - (i % 2160) * interval '1 hour' as r) as t
      join (select row_number() over () - 1 as n, * from bench_site) s on s.n = i % (select count(*) from bench_site);
    drop table bench_site;`);
  const seedSeconds = (performance.now() - t) / 1000;
  const { chromium } = await import('playwright-core');
  const { username, password, user } = await createUser(db, 'dispatcher');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const login = await context.request.post(`${url}/api/auth/login`, { data: { username, password } });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const page = await context.newPage();
    t = performance.now();
    await page.goto(`${url}/dispatch`);
    await page.waitForFunction(() => {
      const map = (window as unknown as { __wanggeMap?: import('maplibre-gl').Map }).__wanggeMap;
      return !!map?.getLayer('dispatch-event-clusters') && map.queryRenderedFeatures({ layers: ['dispatch-event-clusters', 'dispatch-event-points'] }).length > 0;
    }, undefined, { timeout: 120_000, polling: 50 });
    const firstRender = performance.now() - t;
    const timed = async (u: string) => { const s = performance.now(); const r = await context.request.get(`${url}${u}`); await r.body(); return Math.round(performance.now() - s); };
    const listMs = await timed('/api/events?limit=1000');
    const statsMs = await timed('/api/events/stats');
    return [
      { measure: `dispatch map: events in the database`, value: (await db.query<{ n: number }>('select count(*)::int as n from event')).rows[0].n },
      { measure: 'seeding them (SQL) s', value: Math.round(seedSeconds * 10) / 10 },
      { measure: 'navigation → first events drawn ms', value: Math.round(firstRender) },
      { measure: 'GET /api/events?limit=1000 ms', value: listMs },
      { measure: 'GET /api/events/stats ms', value: statsMs },
    ];
  } finally {
    await browser.close();
    await db.query('delete from event where idempotency_key like $1', [`${marker}%`]);
    await db.query('delete from app_user where id = $1', [user.id]).catch(() => {});
  }
}

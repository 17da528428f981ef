// Place search on maigaoqiao (534 compounds, ~5k buildings): p50/p95/p99 of GET /api/search over the
// compounds' names, 2-character prefixes and one-wrong-character variants (goal p95 < 20 ms).
import { openBenchDb, percentile } from './bench.db.ts';
import { buildApp } from '../server/app.ts';
const db = await openBenchDb();
const app = await buildApp({ db });
await app.ready();
const names = (await db.query<{ name: string }>('select name from compound order by id')).rows.map((r) => r.name);
await app.inject('/api/search?q=warm');
const qs = names.flatMap((n) => [n, n.slice(0, 2), n.slice(0, -1) + '圆']).slice(0, 600);
const times: number[] = [];
for (const q of qs) { const t = performance.now(); await app.inject(`/api/search?q=${encodeURIComponent(q)}`); times.push(performance.now() - t); }
console.log({ queries: times.length, compounds: names.length, p50: percentile(times, 50).toFixed(2), p95: percentile(times, 95).toFixed(2), p99: percentile(times, 99).toFixed(2) });
await app.close(); await db.close();

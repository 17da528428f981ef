// The benchmark database: PostgreSQL (WANGGE_BENCH_PG_URL, default a local `wangge_bench` database)
// seeded once with a demo preset and reused by every benchmark and later runs.
import pg from 'pg';
import { openPg } from '../server/db/pg.db.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedIfEmpty } from '../server/demo/seed.ts';
import type { Db } from '../server/db/db.ts';

export const benchUrl = process.env.WANGGE_BENCH_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/wangge_bench';

export async function openBenchDb(preset = process.env.WANGGE_BENCH_PRESET ?? 'maigaoqiao'): Promise<Db> {
  const url = new URL(benchUrl);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(benchUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const db = await openPg(benchUrl);
  await migrate(db);
  const seeded = await seedIfEmpty(db, preset);
  if (seeded) {
    console.error(`seeded ${preset} into ${name} in ${seeded.ms} ms`);
    await db.query('vacuum analyze');
  }
  return db;
}

/** p-th percentile of a sample, p in [0, 100] */
export function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function table(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}

// `npm run bench`: every bench/*.bench.ts in turn, each printing its figures beside the reference it
// measured in the same run. Needs PostgreSQL + PostGIS (WANGGE_BENCH_PG_URL); seeds maigaoqiao once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openBenchDb } from './bench.db.ts';

const only = process.argv.slice(2);
const dir = path.dirname(new URL(import.meta.url).pathname);
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o)))).sort();

await (await openBenchDb()).close(); // seed before any bench times anything
for (const file of benches) {
  console.log(`\n## ${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env: process.env });
  if (status !== 0) console.log(`(${file} exited with ${status})`);
}

// Embedded start to ready: `npm start` on PGlite with an empty DATA_DIR (first run: initdb, PostGIS,
// migrations, demo seed) and again on the same directory (later runs), timed until /healthz answers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table } from './bench.db.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);

async function startToReady(label: string) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DEMO_PRESET: process.env.DEMO_PRESET ?? 'kangle' },
    stdio: 'inherit',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { run: label, 'ms to ready': Math.round(performance.now() - t0) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

table([await startToReady('first (empty DATA_DIR)'), await startToReady('second'), await startToReady('third')]);
fs.rmSync(dataDir, { recursive: true, force: true });

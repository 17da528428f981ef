// Runs after `npm install` so that `npm start` is ready in seconds on a fresh machine: builds the web
// app and, for the embedded database, does the slow one-time work (initdb, PostGIS, migrations, demo
// seed) now instead of on first start. Skipped under CI (the test command builds what it needs) and
// with WANGGE_SKIP_PREPARE=1 (e.g. in the Docker image, where the database is external).
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../server/config.ts';

if (process.env.CI || process.env.WANGGE_SKIP_PREPARE) process.exit(0);

// Failures here must not fail `npm install`: they are reported, and `npm start` retries the seed.
const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (built.status !== 0) console.warn('prepare: the web app did not build; run `npm run build` to see why');

const config = loadConfig();
if (!config.databaseUrl) {
  try {
    await prepareEmbedded();
  } catch (err) {
    console.warn(`prepare: the embedded database was not prepared (${(err as Error).message}); npm start will try again`);
  }
}

async function prepareEmbedded() {
  const { openDb } = await import('../server/db/open.ts');
  const { seedIfEmpty } = await import('../server/demo/seed.ts');
  const t0 = Date.now();
  const db = await openDb(config);
  const seeded = await seedIfEmpty(db, config.demoPreset);
  await db.close();
  console.log(`embedded database ready in ${config.dataDir} (${seeded ? `seeded ${config.demoPreset}, ` : ''}${Date.now() - t0} ms)`);
}

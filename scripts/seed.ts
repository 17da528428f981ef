// `npm run seed -- --preset <kangle|maigaoqiao|city> [--seed N] [--reset]`: writes a demo district
// (示例数据) into the configured database (DATABASE_URL, or the embedded one in DATA_DIR).
// Without --reset it refuses a database that already holds data, so nobody's work is overwritten.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDb } from '../server/db/open.ts';
import { assertKnownPreset, demoRowCount, seedPreset } from '../server/demo/seed.ts';

const usage = 'usage: npm run seed -- --preset <kangle|maigaoqiao|city> [--seed N] [--reset]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args;
try {
  args = parseArgs({
    options: {
      preset: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const config = loadConfig();
const preset = args.preset ?? config.demoPreset;
if (preset === 'none') fail(`no preset to seed (DEMO_PRESET=none)\n${usage}`);
const seed = args.seed === undefined ? undefined : Number(args.seed);
if (seed !== undefined && !Number.isSafeInteger(seed)) fail(`--seed must be an integer, got "${args.seed}"`);
try {
  assertKnownPreset(preset);
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`);
}

// A seed is one long transaction: no statement_timeout for it.
const db = await openDb({ ...config, db: { ...config.db, statementTimeoutMs: 0 } });
try {
  const where = config.databaseUrl ? 'the PostgreSQL database' : `the embedded database in ${config.dataDir}`;
  if (!args.reset && (await demoRowCount(db)) > 0) {
    throw new Error(`${where} is not empty (it has grids, buildings, staff or events); add --reset to replace its data with the demo`);
  }
  // --reset empties the tables inside the seed's own transaction: if seeding fails, nothing is lost.
  const s = await seedPreset(db, preset, { seed, reset: args.reset });
  if (args.reset) console.log(`emptied the demo tables of ${where} and restarted their ids`);
  console.log(
    `seeded "${s.preset}" (seed ${s.seed}) into ${where} in ${s.ms} ms (generate ${s.generateMs} ms, write ${s.writeMs} ms):\n` +
      `  grids per level ${s.grids.join(' / ')}, ${s.compounds} compounds, ${s.buildings} buildings, ` +
      `${s.households} households, ${s.population} residents, ${s.staff} staff, ${s.events} events, ${s.basemap} basemap features`,
  );
} catch (err) {
  // Not process.exit: the embedded database must be closed cleanly first.
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}

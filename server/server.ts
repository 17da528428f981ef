// Starts the service: config → database (migrated, demo-seeded when empty) → app → listen.
// SIGINT/SIGTERM close the app gracefully: in-flight requests finish, then the database closes.
import { loadConfig } from './config.ts';
import { openDb } from './db/open.ts';
import { buildApp } from './app.ts';
import { seedIfEmpty } from './demo/seed.ts';

const started = Date.now();
const config = loadConfig();
const db = await openDb(config);
await seedIfEmpty(db, config.demoPreset);
const app = await buildApp({ db, ownsDb: true, logger: { level: config.logLevel } });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    process.exit(0);
  });
}

await app.listen({ port: config.port, host: config.host });
app.log.info({ db: db.backend, postgis: db.capabilities.postgis, ms: Date.now() - started }, `Wangge ready at http://${config.host}:${config.port}/`);

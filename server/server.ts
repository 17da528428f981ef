// Starts the service: config → database (migrated, demo-seeded when empty) → app → listen.
// SIGINT/SIGTERM close the app gracefully: /readyz and new requests answer 503 at once (a load
// balancer stops sending), in-flight requests finish, then the databases close; a close that takes
// longer than SHUTDOWN_TIMEOUT_MS ends the process anyway.
import { loadConfig } from './config.ts';
import { openDb, openReadDb } from './db/open.ts';
import { buildApp } from './app.ts';
import { seedIfEmpty } from './demo/seed.ts';

const started = Date.now();
const config = loadConfig();
const db = await openDb(config, (setup) => seedIfEmpty(setup, config.demoPreset));
const readDb = await openReadDb(config);
const app = await buildApp({ db, readDb: readDb ?? undefined, ownsDb: true, logger: { level: config.logLevel }, config });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    const deadline = setTimeout(() => {
      app.log.warn({ ms: config.shutdownTimeoutMs }, 'requests still running at the shutdown deadline; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    // close() ends the connections idle at that moment; one whose request was still running would
    // otherwise stay open after its response until the keep-alive timeout, holding the exit back.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(sweep);
    process.exit(0);
  });
}

await app.listen({ port: config.port, host: config.host });
app.log.info(
  { db: db.backend, postgis: db.capabilities.postgis, replica: Boolean(readDb), ms: Date.now() - started },
  `Wangge ready at http://${config.host}:${config.port}/`,
);

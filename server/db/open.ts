import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPg } from './pg.db.ts';
import { openPglite } from './pglite.db.ts';
import { migrate } from './migrate.ts';

type DbConfig = Pick<Config, 'databaseUrl' | 'dataDir'> & { db?: Config['db'] };

/**
 * Opens the configured backend and brings its schema up to date; `prepare` (seeding) runs before the
 * database serves. On PostgreSQL both run on a connection without statement_timeout, which is meant
 * for requests, not for a migration or a seed that may take minutes.
 */
export async function openDb(config: DbConfig, prepare?: (db: Db) => Promise<unknown>): Promise<Db> {
  if (!config.databaseUrl) {
    const db = await openPglite(path.join(config.dataDir, 'pglite'));
    await migrate(db);
    await prepare?.(db);
    return db;
  }
  const setup = await openPg(config.databaseUrl, { poolSize: 2, statementTimeoutMs: 0 });
  try {
    await migrate(setup);
    await prepare?.(setup);
  } finally {
    await setup.close();
  }
  return openPg(config.databaseUrl, config.db);
}

/** The replica reads go to (DATABASE_READ_URL), or null when reads share the primary. */
export async function openReadDb(config: DbConfig): Promise<Db | null> {
  if (!config.db?.readUrl) return null;
  return openPg(config.db.readUrl, { ...config.db, readOnly: true });
}

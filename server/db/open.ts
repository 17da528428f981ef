import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPg } from './pg.db.ts';
import { openPglite } from './pglite.db.ts';
import { migrate } from './migrate.ts';

/** Opens the configured backend and brings its schema up to date. */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  const db = config.databaseUrl ? await openPg(config.databaseUrl) : await openPglite(path.join(config.dataDir, 'pglite'));
  await migrate(db);
  return db;
}

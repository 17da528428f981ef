import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import fs from 'node:fs';
import type { Db, Queryable, QueryResult } from './db.ts';
import { probeCapabilities } from './capabilities.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(client: PGliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await client.query<R>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/** Embedded PostgreSQL (WASM) with PostGIS; `dataDir` undefined keeps it in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    extensions: { postgis },
    parsers: { [pgliteTypes.INT8]: (v: string) => Number(v), [pgliteTypes.NUMERIC]: (v: string) => Number(v) },
  });
  const db: Db = {
    backend: 'pglite',
    capabilities: { postgis: '', mvt: false, coverage: false },
    ...wrap(pglite),
    transaction(fn) {
      return pglite.transaction((tx) => fn(wrap(tx)));
    },
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    async close() {
      await pglite.close();
    },
  };
  await db.exec('create extension if not exists postgis');
  db.capabilities = await probeCapabilities(db);
  return db;
}

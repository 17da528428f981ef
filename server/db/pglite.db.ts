import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import fs from 'node:fs';
import type { Db, Queryable, QueryResult } from './db.ts';
import { probeCapabilities } from './capabilities.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

const selects = /^\s*(select|with|values|table)\b/i;
// `with … insert/update/delete` without `returning` selects nothing
const modifiesWithoutReturning = /^\s*with\b[\s\S]*\)\s*(insert|update|delete)\b(?![\s\S]*\breturning\b)/i;
const returnsRows = { test: (sql: string) => /\breturning\b/i.test(sql) || (selects.test(sql) && !modifiesWithoutReturning.test(sql)) };

function wrap(client: PGliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await client.query<R>(sql, params);
      // PGlite swallows some errors raised inside PostGIS (a GEOS TopologyException, say) and answers
      // a query with no columns at all, losing even the rows before the failure. A result without a
      // row description can only mean that for a statement that selects, so turn it back into an error.
      if (result.fields.length === 0 && returnsRows.test(sql)) throw new Error('the database returned no result for a query that selects rows (a PostGIS error PGlite did not report)');
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
    // embedded: it is up as long as this process is
    async ping() {
      await pglite.query('select 1');
    },
    async close() {
      await pglite.close();
    },
  };
  await db.exec('create extension if not exists postgis');
  db.capabilities = await probeCapabilities(db);
  return db;
}

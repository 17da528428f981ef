import crypto from 'node:crypto';
import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';
import { probeCapabilities } from './capabilities.ts';

// Ids are bigint in SQL but stay below 2^53: return them (and numeric) as JS numbers, as PGlite does.
const builtin = pg.types.getTypeParser as (oid: number, format?: string) => (v: string) => unknown;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    if (oid === 1016 || oid === 1231) return (v: string) => (builtin(oid) as (v: string) => string[])(v).map(Number);
    return builtin(oid, format);
  },
};

// Parameterised statements are prepared once per connection under a name derived from their text:
// for the hot paths (a lookup, a tile) planning costs more than executing.
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `w_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = params?.length
        ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
        : await client.query(sql);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export async function openPg(connectionString: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: types as pg.CustomTypesConfig });
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const db: Db = {
    backend: 'postgis',
    capabilities: { postgis: '', mvt: false, coverage: false },
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    async close() {
      await pool.end();
    },
  };
  await db.query('create extension if not exists postgis');
  db.capabilities = await probeCapabilities(db);
  return db;
}

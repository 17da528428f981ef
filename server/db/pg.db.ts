import crypto from 'node:crypto';
import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';
import { probeCapabilities } from './capabilities.ts';
import { classified, DatabaseUnavailableError } from './db.unavailable.ts';
import { listenReconnecting } from './pg.listener.ts';

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
      try {
        const result = params?.length
          ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
          : await client.query(sql);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      } catch (err) {
        throw classified(err);
      }
    },
    async exec(sql: string) {
      await client.query(sql).catch((err) => { throw classified(err); });
    },
  };
}

export interface PgOptions {
  poolSize?: number;
  /** ms to wait for a connection (a new one, or a free one from a busy pool) before answering 503 */
  connectTimeoutMs?: number;
  /** server-side limit per statement (statement_timeout); 0 = none (migrations, seeding) */
  statementTimeoutMs?: number;
  /** a hot standby: read-only, so nothing is created in it */
  readOnly?: boolean;
}

// No statement_timeout unless asked: migrations, seeds, benchmarks and tests run long statements on
// purpose; the server asks for DB_STATEMENT_TIMEOUT_MS (config.ts) on the pools that serve requests.
export const DEFAULT_PG_OPTIONS: Required<PgOptions> = { poolSize: 10, connectTimeoutMs: 2000, statementTimeoutMs: 0, readOnly: false };

// Beyond statement_timeout the server is not answering at all (a dead host, a partition): the client
// gives up a little later than the server would have.
const CLIENT_GRACE_MS = 5000;

/** `options` as a number is the pool size (tests, benchmarks). */
export async function openPg(connectionString: string, options: number | PgOptions = {}): Promise<Db> {
  const { poolSize, connectTimeoutMs, statementTimeoutMs, readOnly } = { ...DEFAULT_PG_OPTIONS, ...(typeof options === 'number' ? { poolSize: options } : options) };
  const timeouts = {
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + CLIENT_GRACE_MS } : {}),
  };
  const pool = new pg.Pool({ connectionString, max: poolSize, types: types as pg.CustomTypesConfig, ...timeouts });
  // Readiness probes get a connection of their own: a pool busy with slow tiles is not a database that is down.
  const probe = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  probe.on('error', () => {});
  const db: Db = {
    backend: 'postgis',
    capabilities: { postgis: '', mvt: false, coverage: false },
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect().catch((err) => { throw classified(err); });
      // The pool listens for errors on idle clients only: a server that goes away while this one is
      // checked out would otherwise raise an unhandled 'error' and end the process.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query('begin').catch((err) => { throw classified(err); });
        const result = await fn(wrap(client));
        await client.query('commit').catch((err) => { throw classified(err); });
        return result;
      } catch (err) {
        if (err instanceof DatabaseUnavailableError) broken ??= err;
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.off('error', onError);
        // a broken connection is discarded, not handed to the next request
        client.release(broken);
      }
    },
    listen(channel, onPayload, onReconnect) {
      return listenReconnecting({ client: () => new pg.Client({ connectionString, ...timeouts }), channel, onPayload, onReconnect });
    },
    async ping(timeoutMs) {
      await probe.query({ text: 'select 1', query_timeout: timeoutMs } as pg.QueryConfig).catch((err) => { throw classified(err); });
    },
    async close() {
      await Promise.all([pool.end(), probe.end()]);
    },
  };
  if (!readOnly) await db.query('create extension if not exists postgis');
  db.capabilities = await probeCapabilities(db);
  return db;
}

// The one database interface. Two backends speak the same SQL: PostgreSQL+PostGIS through `pg`,
// or embedded PGlite+PostGIS. Everything above this file is backend-agnostic except where a
// capability (see capabilities.ts) says a fast path exists.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** runs a multi-statement script without parameters (migrations, seeding) */
  exec(sql: string): Promise<void>;
}

export interface Capabilities {
  postgis: string;
  /** ST_AsMVT/ST_AsMVTGeom work (PostGIS built with protobuf-c); false on PGlite */
  mvt: boolean;
  /** ST_CoverageInvalidEdges/ST_CoverageUnion exist (PostGIS ≥ 3.4); false on Debian 12's 3.3 */
  coverage: boolean;
}

export type Backend = 'postgis' | 'pglite';

export interface Db extends Queryable {
  readonly backend: Backend;
  capabilities: Capabilities;
  /** runs fn inside one transaction; rolls back when it throws */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel; returns an unsubscribe function. A lost connection is opened
   * again by itself, and `onReconnect` is then called: notifications sent meanwhile are gone.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** one trivial round trip on a connection of its own; throws DatabaseUnavailableError when none answers in time */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

// A database that cannot be reached is not the caller's mistake and not a bug of ours: it is a 503
// that says "come back shortly". This file decides which driver errors mean that, so the error
// handler answers them alike whichever query met the outage.

/** The message a caller sees while PostgreSQL is away. */
export const UNAVAILABLE_MESSAGE = 'the database is unavailable; try again shortly';

/** Seconds a client should wait before retrying (Retry-After): about one reconnect attempt. */
export const RETRY_AFTER_SECONDS = 1;

export class DatabaseUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(readonly cause: unknown) {
    super(UNAVAILABLE_MESSAGE);
    this.name = 'DatabaseUnavailableError';
  }
}

// Socket-level failures: the server is down, restarting, or unreachable.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// SQLSTATEs of a server that is shutting down, starting up or cancelling us for a timeout:
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 57014 query_canceled
// (statement_timeout), 53300 too_many_connections; class 08 is every connection exception.
const serverCodes = new Set(['57P01', '57P02', '57P03', '57014', '53300']);

// node-postgres reports its own timeouts and broken connections by message only.
const driverMessages = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /^Query read timeout/i,
  /Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (networkCodes.has(code) || serverCodes.has(code) || code.startsWith('08'))) return true;
  // AggregateError: a host name with several addresses, each refused
  if (err instanceof AggregateError) return err.errors.some(isConnectionFailure);
  return driverMessages.some((m) => m.test(err.message));
}

/** The error to throw on: connection failures become DatabaseUnavailableError, others stay as they are. */
export function classified(err: unknown): unknown {
  return isConnectionFailure(err) && !(err instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(err) : err;
}

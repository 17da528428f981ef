// Readiness (/readyz): can this process serve right now? Orchestrators and load balancers ask often
// (every second or more, from several places); one ping per interval answers them all, and a short
// timeout keeps the probe from hanging on a database that does not answer.
import type { Db } from './db.ts';

export interface ReadinessOptions {
  /** a ping slower than this counts as down */
  timeoutMs?: number;
  /** answers within this long of a check reuse it */
  cacheMs?: number;
}

/** Resolves true when every database answered its ping. */
export function readinessCheck(dbs: readonly Db[], { timeoutMs = 1000, cacheMs = 250 }: ReadinessOptions = {}): () => Promise<boolean> {
  let last: { at: number; ready: Promise<boolean> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= cacheMs) {
      last = { at: now, ready: Promise.all(dbs.map((db) => db.ping(timeoutMs))).then(() => true, () => false) };
    }
    return last.ready;
  };
}

// A streaming replica applies the primary's WAL a little later than the primary commits it. Caches
// keyed by a data revision must not be filled from a replica that has not reached that revision yet:
// they would hold the old data under the new key (and a versioned tile URL is cached for a year).
// So a revision read on the primary comes with the primary's WAL position, and is taken up only once
// the replica has replayed past it.
import type { Queryable } from './db.ts';

/** Resolves true once the replica has replayed the primary's WAL up to `lsn`, false if it has not after `timeoutMs`. */
export type ReplicaCatchUp = (lsn: string) => Promise<boolean>;

export function replicaCatchUp(replica: Queryable, { timeoutMs = 5000, pollMs = 5 } = {}): ReplicaCatchUp {
  return async (lsn) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      // null when the server is not in recovery (a read URL that names a primary): nothing to wait for.
      const { rows } = await replica.query<{ replayed: boolean }>('select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true) as replayed', [lsn]);
      if (rows[0].replayed) return true;
      if (Date.now() > until) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
}

/** The primary's WAL position, to hand to a ReplicaCatchUp after reading there. */
export const CURRENT_LSN_SQL = 'pg_current_wal_lsn()::text';

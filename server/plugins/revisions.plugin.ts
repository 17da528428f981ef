import fp from 'fastify-plugin';
import type { Db } from '../db/db.ts';
import { CURRENT_LSN_SQL, replicaCatchUp, type ReplicaCatchUp } from '../db/replica.catch-up.ts';

declare module 'fastify' {
  interface FastifyInstance {
    revisions: Revisions;
  }
}

/** data_revision's statement triggers NOTIFY this channel with the layer name (sql/001_init.sql). */
export const REVISION_CHANNEL = 'wangge_revision';

type RevisionListener = (layer: string, revision: number) => void;

/**
 * Data revision per tile layer, as last read from data_revision. Tile caches key on it and tile URLs
 * carry it, so a revision that moves is all it takes to invalidate every process's tiles.
 */
export class Revisions {
  private readonly revisions = new Map<string, number>();
  private readonly listeners = new Set<RevisionListener>();
  private queued: Promise<void> | null = null;

  /**
   * `db` is the primary (writers commit there, NOTIFY comes from there). With reads on a replica,
   * `replica.reached` holds a new revision back until the replica has replayed it, and `replica.behind`
   * hears when it gave up waiting (the revisions stay as they were; ask again later).
   */
  constructor(
    private readonly db: Pick<Db, 'query'>,
    private readonly replica?: { reached: ReplicaCatchUp; behind: () => void },
  ) {}

  current(layer: string): number {
    return this.revisions.get(layer) ?? 0;
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.revisions);
  }

  /**
   * Reads every layer's revision. Writers in this process await it after committing so the very next
   * request sees their edit; each call reads anew, because a read already under way may predate the commit.
   */
  async refresh(): Promise<void> {
    const rows = await this.read();
    for (const { layer, revision } of rows) {
      // Reads can overlap (a NOTIFY and a writer's own refresh) and finish out of order; revisions only
      // grow, so the larger one is the newer.
      if (revision <= this.current(layer)) continue;
      this.revisions.set(layer, revision);
      for (const listener of this.listeners) listener(layer, revision);
    }
  }

  private async read(): Promise<Array<{ layer: string; revision: number }>> {
    if (!this.replica) return (await this.db.query<{ layer: string; revision: number }>('select layer, revision from data_revision')).rows;
    const { rows } = await this.db.query<{ layer: string; revision: number; lsn: string }>(`select layer, revision, ${CURRENT_LSN_SQL} as lsn from data_revision`);
    if (!rows.length || (await this.replica.reached(rows[0].lsn))) return rows;
    this.replica.behind();
    return [];
  }

  /**
   * For NOTIFY: a bulk import sends one per statement, and they collapse into a single read as long
   * as one is still waiting to start.
   */
  notified(): Promise<void> {
    if (this.queued) return this.queued;
    const queued = Promise.resolve().then(() => {
      this.queued = null;
      return this.refresh();
    });
    this.queued = queued;
    return queued;
  }

  /** Calls back whenever a layer's revision moves (e.g. to tell browsers to reload tiles); returns an unsubscribe. */
  onChange(listener: RevisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** After a failed read (database away, replica behind), the next attempt; a NOTIFY or reconnect may come first. */
const RETRY_MS = 1000;

/**
 * Decorates `app.revisions`, loaded at start and kept current by LISTEN on the primary (a replica
 * replays data but not notifications). After the listening connection is lost and opened again, the
 * revisions are read anew: a NOTIFY sent during the outage never arrives.
 */
export default fp(
  async (app) => {
    let retry: NodeJS.Timeout | undefined;
    let closing = false;
    const catchUpLater = () => {
      if (closing) return;
      retry ??= setTimeout(() => { retry = undefined; catchUp(); }, RETRY_MS);
      retry.unref();
    };
    const catchUp = () => {
      if (closing) return;
      revisions.notified().catch((err) => {
        app.log.warn({ err }, 'could not refresh data revisions; trying again');
        catchUpLater();
      });
    };
    const replica = app.readDb === app.db ? undefined : {
      reached: replicaCatchUp(app.readDb),
      behind: () => {
        app.log.warn('the read replica is more than 5 s behind the primary: caches keep the previous data revision until it catches up');
        catchUpLater();
      },
    };
    const revisions = new Revisions(app.db, replica);
    await revisions.refresh();
    const unlisten = await app.db.listen(REVISION_CHANNEL, catchUp, catchUp);
    app.decorate('revisions', revisions);
    // preClose: the database may be closed by the time onClose hooks run.
    app.addHook('preClose', async () => {
      closing = true;
      clearTimeout(retry);
      await unlisten().catch(() => {});
    });
  },
  { name: 'revisions', dependencies: ['db'] },
);

import fp from 'fastify-plugin';
import type { Db } from '../db/db.ts';

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

  constructor(private readonly db: Pick<Db, 'query'>) {}

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
    const { rows } = await this.db.query<{ layer: string; revision: number }>('select layer, revision from data_revision');
    for (const { layer, revision } of rows) {
      // Reads can overlap (a NOTIFY and a writer's own refresh) and finish out of order; revisions only
      // grow, so the larger one is the newer.
      if (revision <= this.current(layer)) continue;
      this.revisions.set(layer, revision);
      for (const listener of this.listeners) listener(layer, revision);
    }
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

/** Decorates `app.revisions`, loaded at start and kept current by LISTEN on the revision channel. */
export default fp(
  async (app) => {
    const revisions = new Revisions(app.db);
    await revisions.refresh();
    const unlisten = await app.db.listen(REVISION_CHANNEL, () => {
      revisions.notified().catch((err) => app.log.warn({ err }, 'could not refresh data revisions'));
    });
    app.decorate('revisions', revisions);
    // preClose: the database may be closed by the time onClose hooks run.
    app.addHook('preClose', async () => {
      await unlisten().catch(() => {});
    });
  },
  { name: 'revisions', dependencies: ['db'] },
);

import fp from 'fastify-plugin';
import type { Db } from '../db/db.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the primary: every write, LISTEN, and reads that must see a write just made */
    db: Db;
    /**
     * Where tiles, lookups and search read: a streaming replica (DATABASE_READ_URL), or the primary.
     * Caches built from it move only once it has replayed the revision they are keyed on (revisions plugin).
     */
    readDb: Db;
  }
}

/** Makes the databases available to routes and repositories; closes them with the app when the app owns them. */
export default fp<{ db: Db; readDb?: Db; ownsDb: boolean }>(
  async (app, { db, readDb = db, ownsDb }) => {
    app.decorate('db', db);
    app.decorate('readDb', readDb);
    if (ownsDb) {
      app.addHook('onClose', async () => {
        await Promise.all([db.close(), readDb === db ? undefined : readDb.close()]);
      });
    }
  },
  { name: 'db' },
);

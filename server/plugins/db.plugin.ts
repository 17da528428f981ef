import fp from 'fastify-plugin';
import type { Db } from '../db/db.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Makes the database available to routes and repositories; closes it with the app when the app owns it. */
export default fp<{ db: Db; ownsDb: boolean }>(
  async (app, { db, ownsDb }) => {
    app.decorate('db', db);
    if (ownsDb) app.addHook('onClose', async () => db.close());
  },
  { name: 'db' },
);

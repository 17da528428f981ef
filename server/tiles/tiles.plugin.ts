import fp from 'fastify-plugin';
import { TileService, type TileServiceOptions } from './tile.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the tile layers and their cache; the routes under /tiles and the web's map read it */
    tiles: TileService;
  }
}

/** Decorates `app.tiles`. Needs `app.revisions`, whose revisions key the tile cache. */
export default fp<TileServiceOptions>(
  async (app, options) => {
    app.decorate('tiles', new TileService(app.readDb, app.revisions, options));
  },
  { name: 'tiles', dependencies: ['db', 'revisions'] },
);

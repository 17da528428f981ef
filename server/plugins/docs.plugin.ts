import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** The OpenAPI document is generated from the route schemas, so it cannot drift from the code. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Wangge 网格 API', version: '0.1.0', description: 'Grid management map service: tiles, grid lookup, plans, validation, events.' },
        tags: [
          { name: 'service', description: 'health and capabilities' },
          { name: 'tiles', description: 'vector tiles (MVT) and TileJSON' },
          { name: 'grids', description: 'grids and point-in-grid lookup' },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'docs' },
);

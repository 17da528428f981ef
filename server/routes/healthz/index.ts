import type { FastifyPluginAsync } from 'fastify';

const healthz: FastifyPluginAsync = async (app) => {
  app.get('/healthz', {
    schema: {
      summary: 'Liveness and database capabilities',
      tags: ['service'],
      response: {
        200: {
          type: 'object',
          properties: {
            status: { type: 'string' },
            db: { type: 'string', enum: ['postgis', 'pglite'] },
            postgis: { type: 'string' },
            capabilities: { type: 'object', properties: { mvt: { type: 'boolean' }, coverage: { type: 'boolean' } } },
          },
        },
      },
    },
  }, async () => {
    const { backend, capabilities } = app.db;
    return { status: 'ok', db: backend, postgis: capabilities.postgis, capabilities };
  });
};

export default healthz;

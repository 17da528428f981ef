import type { FastifyPluginAsync } from 'fastify';
import { readinessCheck } from '../../db/db.readiness.ts';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../../db/db.unavailable.ts';

// Liveness and readiness are different questions: a process whose database is down is alive (restarting
// it would not help, it recovers by itself) but not ready (send its traffic elsewhere meanwhile).
const healthz: FastifyPluginAsync = async (app) => {
  app.get('/healthz', {
    schema: {
      summary: 'Liveness and database capabilities',
      description: 'Answers as long as the process runs, whether or not the database does: use /readyz to route traffic.',
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

  const ready = readinessCheck(app.readDb === app.db ? [app.db] : [app.db, app.readDb]);
  app.get('/readyz', {
    config: { access: 'public' },
    schema: {
      summary: 'Readiness: the database (and the read replica, when one is configured) answers',
      description: '503 with Retry-After while a database does not answer within a second (checked at most every 250 ms) and while the process is shutting down.',
      tags: ['service'],
      response: {
        200: {
          type: 'object',
          properties: { status: { type: 'string', enum: ['ready'] }, read_db: { type: 'string', enum: ['primary', 'replica'] } },
        },
        503: {
          type: 'object',
          properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!(await ready())) {
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ statusCode: 503, error: 'Service Unavailable', message: UNAVAILABLE_MESSAGE });
    }
    return { status: 'ready', read_db: app.readDb === app.db ? 'primary' : 'replica' };
  });
};

export default healthz;

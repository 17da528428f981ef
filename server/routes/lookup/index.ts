import type { FastifyPluginAsync } from 'fastify';
import { badRequest } from '../../plugins/errors.plugin.ts';
import { assignPoints } from '../../grids/grid-assignment.ts';
import { parseBatch } from './batch.parser.ts';

const gridRef = {
  type: 'object',
  properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'integer' }, parent_id: { type: ['integer', 'null'] } },
} as const;

const worker = {
  type: ['object', 'null'],
  properties: { name: { type: 'string' }, phone: { type: ['string', 'null'] }, photo_url: { type: ['string', 'null'] }, office_hours: { type: ['string', 'null'] }, office_place: { type: ['string', 'null'] } },
} as const;

/** 100 MB of NDJSON is about two million points. */
const batchBodyLimit = 100 * 1024 * 1024;

const lookup: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], { parseAs: 'string', bodyLimit: batchBodyLimit }, (_req, body, done) => done(null, body));

  app.get<{ Querystring: { lon: number; lat: number; at?: string } }>('/api/lookup', {
    config: { rateLimit: app.publicRateLimit },
    schema: {
      summary: 'Which grids is this point in? The chain from community down and the responsible worker',
      description: 'A point on a boundary shared by several grids resolves to the deepest level, then interior over boundary, then the lowest code. `at` answers for the generation in force at that time.',
      tags: ['grids'],
      querystring: {
        type: 'object',
        required: ['lon', 'lat'],
        additionalProperties: false,
        properties: {
          lon: { type: 'number', minimum: -180, maximum: 180, description: 'longitude, WGS84' },
          lat: { type: 'number', minimum: -90, maximum: 90, description: 'latitude, WGS84' },
          at: { type: 'string', description: 'ISO 8601 time; default now' },
        },
      },
      response: { 200: { type: 'object', properties: { generation: { type: ['integer', 'null'] }, grids: { type: 'array', items: gridRef }, worker } } },
    },
  }, async (request) => {
    const { lon, lat, at } = request.query;
    return app.grids.lookup(lon, lat, at === undefined ? undefined : parseTime(at));
  });

  app.post('/api/lookup/batch', {
    config: { rateLimit: app.publicRateLimit },
    bodyLimit: batchBodyLimit,
    schema: {
      summary: 'Assign many points to grids',
      description: 'Body: a JSON array of {id, lon, lat}, or NDJSON (one such object per line, Content-Type application/x-ndjson). Answers in the same format: {id, grids: [grid ids, level 1 … deepest]}, grids [] outside every grid.',
      tags: ['grids'],
    },
  }, async (request, reply) => {
    const ndjson = typeof request.body === 'string';
    const points = parseBatch(request.body);
    const assignments = await assignPoints(app.db, points);
    if (!ndjson) return assignments;
    reply.type('application/x-ndjson');
    return assignments.map((a) => JSON.stringify(a)).join('\n') + '\n';
  });
};

function parseTime(at: string): Date {
  const time = new Date(at);
  if (Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(at)) throw badRequest(`at must be an ISO 8601 time such as 2026-03-01T08:00:00+08:00, got "${at}"`);
  return time;
}

export default lookup;

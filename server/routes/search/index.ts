import type { FastifyPluginAsync } from 'fastify';
import { searchRepository } from '../../search/search.repository.ts';

const place = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['compound', 'building', 'address', 'grid'] },
    id: { type: 'integer' }, name: { type: 'string' }, lon: { type: 'number' }, lat: { type: 'number' },
    grid_id: { type: ['integer', 'null'], description: 'the deepest grid the place lies in' },
  },
} as const;

const search: FastifyPluginAsync = async (app) => {
  const places = searchRepository(app.readDb, app.revisions);
  app.addHook('onReady', async () => {
    places.warm().catch((err) => app.log.warn({ err }, 'search index not built ahead'));
  });

  app.get<{ Querystring: { q: string; limit?: number } }>('/api/search', {
    config: { rateLimit: app.publicRateLimit },
    schema: {
      summary: 'Find compounds, buildings, addresses and grids by Chinese text, full pinyin or pinyin initials',
      description: 'Tolerates one wrong character in Chinese queries of three characters or more. Public: no personal data.',
      tags: ['grids'],
      querystring: {
        type: 'object', required: ['q'], additionalProperties: false,
        properties: { q: { type: 'string', minLength: 1, maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
      },
      response: { 200: { type: 'object', properties: { results: { type: 'array', items: place } } } },
    },
  }, async (request) => ({ results: await places.search(request.query.q, request.query.limit) }));
};

export default search;

import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { badRequest, notFound } from '../../plugins/errors.plugin.ts';

const grids: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { level?: number; parent?: number; bbox?: string } }>('/api/grids', {
    schema: {
      summary: 'Grids of the current generation as GeoJSON',
      tags: ['grids'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          level: { type: 'integer', minimum: 1, maximum: 5 },
          parent: { type: 'integer', minimum: 1 },
          bbox: { type: 'string', description: 'minLon,minLat,maxLon,maxLat' },
        },
      },
    },
  }, async (request) => {
    const { level, parent, bbox } = request.query;
    return app.grids.list({ level, parent, bbox: bbox === undefined ? undefined : parseBbox(bbox) });
  });

  app.get<{ Params: { id: number } }>('/api/grids/:id', {
    schema: {
      summary: 'One grid of the current generation, with its worker’s public contact',
      tags: ['grids'],
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
    },
  }, async (request, reply) => {
    const feature = await app.grids.get(request.params.id);
    if (!feature) throw notFound(`grid ${request.params.id} does not exist in the current generation`);
    const body = JSON.stringify(feature);
    const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache').type('application/geo+json');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return body;
  });
};

export function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw badRequest(`bbox must be four numbers minLon,minLat,maxLon,maxLat, got "${text}"`);
  const [minLon, minLat, maxLon, maxLat] = parts;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw badRequest('bbox is outside -180,-90,180,90');
  if (minLon > maxLon || minLat > maxLat) throw badRequest('bbox must have min before max: minLon,minLat,maxLon,maxLat');
  return [minLon, minLat, maxLon, maxLat];
}

export default grids;

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { parseTileCoords } from '../../tiles/tile.coords.ts';
import type { Layer } from '../../tiles/layer.types.ts';
import { etagOf } from '../../tiles/tile.service.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

// A URL carrying the current revision names content that will never change; without it (or with an
// old one) a client may keep a tile only briefly, as the data can move under the same URL.
const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
const CACHE_SHORT = 'public, max-age=60';

const layerParam = { type: 'string', description: 'tile layer: grids, buildings, basemap or events' } as const;

const tiles: FastifyPluginAsync = async (app) => {
  const findLayer = (id: string): Layer => {
    const layer = app.tiles.layer(id);
    if (!layer) throw notFound(`unknown tile layer ${JSON.stringify(id.slice(0, 64))}; known layers: ${app.tiles.layerIds.join(', ')}`);
    return layer;
  };

  app.get<{ Params: { layer: string } }>('/tiles/:layer.json', {
    schema: {
      summary: 'TileJSON 3.0.0 for a tile layer',
      description: 'Absolute tile URLs carry the data revision (`?v=`), so a client that reloads this document after an edit fetches new tiles.',
      tags: ['tiles'],
      params: { type: 'object', properties: { layer: layerParam }, required: ['layer'] },
    },
  }, async (request, reply) => {
    const layer = findLayer(request.params.layer);
    const body = JSON.stringify(await app.tiles.tileJson(layer, publicBaseUrl(request)));
    const etag = etagOf(Buffer.from(body));
    // The URLs inside depend on how the client reached us: a shared cache must not hand them to another.
    reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
    reply.header('access-control-allow-origin', '*');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get<{ Params: { layer: string; z: string; x: string; y: string }; Querystring: { v?: number } }>('/tiles/:layer/:z/:x/:y.mvt', {
    schema: {
      summary: 'Mapbox Vector Tile of a layer',
      description: `MVT (${MVT_CONTENT_TYPE}); 204 when the tile has no features; 400 for z/x/y outside the tile pyramid; 404 for an unknown layer.`,
      tags: ['tiles'],
      params: {
        type: 'object',
        properties: { layer: layerParam, z: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' } },
        required: ['layer', 'z', 'x', 'y'],
      },
      querystring: {
        type: 'object',
        properties: { v: { type: 'integer', minimum: 0, description: 'data revision from TileJSON; the current one makes the response cacheable for good' } },
      },
    },
  }, async (request, reply) => {
    const layer = findLayer(request.params.layer);
    const coords = parseTileCoords(request.params);
    const { v } = request.query;
    // A newer revision than ours means another process committed an edit and its NOTIFY is still on
    // the way: catch up rather than serve older data under the newer URL.
    if (v !== undefined && v > app.revisions.current(layer.id)) await app.revisions.refresh();
    const tile = await app.tiles.tile(layer, coords);
    reply.header('cache-control', v === tile.revision ? CACHE_IMMUTABLE : CACHE_SHORT).header('access-control-allow-origin', '*');
    if (tile.bytes.byteLength === 0) return reply.code(204).send();
    reply.header('etag', tile.etag);
    if (matchesEtag(request.headers['if-none-match'], tile.etag)) return reply.code(304).send();
    return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength));
  });
};

/**
 * scheme://host as the client reached us, through a reverse proxy too (X-Forwarded-Proto/-Host), so the
 * tile URLs in TileJSON work from the browser. The forwarded values only shape this response's URLs.
 */
export function publicBaseUrl(request: FastifyRequest): string {
  const forwardedProto = firstValue(request.headers['x-forwarded-proto'])?.toLowerCase();
  const proto = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : request.protocol;
  const host = firstValue(request.headers['x-forwarded-host']) ?? request.host;
  if (!/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)) {
    throw badRequest(`host ${JSON.stringify(host.slice(0, 100))} is not a valid host name for tile URLs`);
  }
  return `${proto}://${host}`;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0].trim();
  return first || undefined;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export default tiles;

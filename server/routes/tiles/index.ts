import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { parseTileCoords } from '../../tiles/tile.coords.ts';
import type { Layer } from '../../tiles/layer.types.ts';
import { etagOf, type RenderedTile } from '../../tiles/tile.service.ts';
import { versionedTileUrl } from '../../tiles/tilejson.builder.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

// A URL carrying a revision names content that will never change; without it a client may keep a
// tile only briefly, as the data can move under the same URL.
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
      description: 'Absolute tile URLs carry the data revision as a path segment (`/tiles/{layer}/{revision}/{z}/{x}/{y}.mvt`, immutable), so a client that reloads this document after an edit fetches new tiles.',
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

  const tileParams = { layer: layerParam, z: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' } } as const;

  app.get<{ Params: { layer: string; z: string; x: string; y: string }; Querystring: { v?: number } }>('/tiles/:layer/:z/:x/:y.mvt', {
    schema: {
      summary: 'Mapbox Vector Tile of a layer, at its current data revision',
      description: `MVT (${MVT_CONTENT_TYPE}); 204 when the tile has no features; 400 for z/x/y outside the tile pyramid; 404 for an unknown layer. The content moves with the data, so it is cached briefly; TileJSON advertises the versioned URL instead.`,
      tags: ['tiles'],
      params: { type: 'object', properties: tileParams, required: ['layer', 'z', 'x', 'y'] },
      querystring: {
        type: 'object',
        properties: { v: { type: 'integer', minimum: 0, description: 'data revision (older TileJSON); the current one makes the response cacheable for good' } },
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
    return sendTile(request, reply, tile, v === tile.revision ? CACHE_IMMUTABLE : CACHE_SHORT);
  });

  app.get<{ Params: { layer: string; revision: number; z: string; x: string; y: string } }>('/tiles/:layer/:revision/:z/:x/:y.mvt', {
    schema: {
      summary: 'Mapbox Vector Tile of a layer at a data revision (immutable)',
      description: `The URL TileJSON advertises. At the current revision, or an earlier one this process still holds: the tile, \`Cache-Control: ${CACHE_IMMUTABLE}\`. At an earlier revision no longer held: 302 to the current revision's URL. At a revision newer than any committed: 404.`,
      tags: ['tiles'],
      params: {
        type: 'object',
        properties: { ...tileParams, revision: { type: 'integer', minimum: 0, description: 'data revision of the layer, from TileJSON' } },
        required: ['layer', 'revision', 'z', 'x', 'y'],
      },
    },
  }, async (request, reply) => {
    const layer = findLayer(request.params.layer);
    const coords = parseTileCoords(request.params);
    const { revision } = request.params;
    if (revision > app.revisions.current(layer.id)) await app.revisions.refresh();
    const current = app.revisions.current(layer.id);
    if (revision > current) {
      reply.header('cache-control', 'no-store');
      throw notFound(`layer ${layer.id} has no revision ${revision} yet; its current revision is ${current}`);
    }
    const tile = revision === current ? await app.tiles.tile(layer, coords) : app.tiles.cachedAt(layer, revision, coords);
    if (tile?.revision === revision) return sendTile(request, reply, tile, CACHE_IMMUTABLE);
    // An old revision's bytes are gone: send the client to today's, but only for a while, as today's moves on too.
    const { z, x, y } = coords;
    return reply.code(302).header('cache-control', CACHE_SHORT).header('access-control-allow-origin', '*')
      .header('location', versionedTileUrl('', layer.id, app.revisions.current(layer.id), `${z}/${x}/${y}`)).send();
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

/** The tile or 204, with its ETag and a 304 for a client that has it. */
function sendTile(request: FastifyRequest, reply: FastifyReply, tile: RenderedTile, cacheControl: string) {
  reply.header('cache-control', cacheControl).header('access-control-allow-origin', '*');
  if (tile.bytes.byteLength === 0) return reply.code(204).send();
  reply.header('etag', tile.etag);
  if (matchesEtag(request.headers['if-none-match'], tile.etag)) return reply.code(304).send();
  return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength));
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export default tiles;

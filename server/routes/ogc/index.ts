// OGC API – Features Part 1 (read) under /ogc, so QGIS, GDAL/OGR (driver OAPIF) and ArcGIS read grids,
// buildings and events without an export step. Public: anyone gets the public properties; a staff
// account (admin, planner, dispatcher — by session cookie or API token) also gets the staff ones.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { publicBaseUrl } from '../tiles/index.ts';
import { findCollection, type OgcCollection } from '../../interop/ogc.collections.ts';
import { collectionDocument, collectionsDocument, CONFORMANCE, GEOJSON_TYPE, itemDocument, itemsDocument, landingPage } from '../../interop/ogc.documents.ts';
import { ogcFeatures } from '../../interop/ogc.features.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, parseDatetime, parseOgcBbox, type ItemsQuery } from '../../interop/ogc.query.ts';

const open = { access: 'public' } as const;
const tags = ['ogc'];
const STAFF_ROLES = new Set(['admin', 'planner', 'dispatcher']);

/** `f` as OGC clients send it; only JSON encodings are served */
const formatParam = { type: 'string', enum: ['json', 'geojson', 'application/json', 'application/geo+json'], description: 'encoding: JSON only' } as const;
const formatOnly = { type: 'object', additionalProperties: false, properties: { f: formatParam } } as const;
const collectionParams = {
  type: 'object',
  properties: { collectionId: { type: 'string', pattern: '^[a-z0-9_]{1,40}$', description: 'grids_level_1 … grids_level_5, buildings or events' } },
} as const;

interface ItemsQuerystring { bbox?: string; datetime?: string; limit?: number; offset?: number; 'bbox-crs'?: string; f?: string }

const ogc: FastifyPluginAsync = async (app) => {
  const features = ogcFeatures(app.db);
  const base = (request: FastifyRequest) => `${publicBaseUrl(request)}/ogc`;

  /** staff see the staff properties; the route stays public, so the caller is identified here */
  async function isStaff(request: FastifyRequest): Promise<boolean> {
    const user = await app.auth.identify(request);
    return user !== null && STAFF_ROLES.has(user.role);
  }

  async function collectionOf(id: string): Promise<OgcCollection> {
    const known = findCollection(id);
    const offered = await features.collections();
    if (!known || !offered.some((c) => c.id === known.id)) throw notFound(`no collection "${id}"; the collections are ${offered.map((c) => c.id).join(', ')}`);
    return known;
  }

  /** answers are public data; a personalised one (staff properties) must not be shared by caches */
  function send(reply: FastifyReply, body: unknown, type = 'application/json', staff = false) {
    reply.header('access-control-allow-origin', '*').header('cache-control', staff ? 'private, no-store' : 'no-cache').type(type);
    return body;
  }

  const landing = async (request: FastifyRequest, reply: FastifyReply) => send(reply, landingPage(base(request), `${publicBaseUrl(request)}/docs/json`));
  app.get('/ogc', { config: open, schema: { summary: 'OGC API – Features landing page', tags, querystring: formatOnly } }, landing);
  app.get('/ogc/', { config: open, schema: { hide: true, querystring: formatOnly } }, landing);

  app.get('/ogc/conformance', {
    config: open,
    schema: { summary: 'OGC API – Features conformance classes (core, GeoJSON, OpenAPI 3.0)', tags, querystring: formatOnly },
  }, async (_request, reply) => send(reply, { conformsTo: CONFORMANCE }));

  app.get('/ogc/collections', {
    config: open,
    schema: { summary: 'Feature collections: grids per level, buildings, events, each with its extent', tags, querystring: formatOnly },
  }, async (request, reply) => {
    const url = base(request);
    const docs = [];
    for (const c of await features.collections()) docs.push(collectionDocument(url, c, await features.extent(c)));
    return send(reply, collectionsDocument(url, docs));
  });

  app.get<{ Params: { collectionId: string } }>('/ogc/collections/:collectionId', {
    config: open,
    schema: { summary: 'One feature collection with its spatial (and temporal) extent', tags, params: collectionParams, querystring: formatOnly },
  }, async (request, reply) => {
    const collection = await collectionOf(request.params.collectionId);
    return send(reply, collectionDocument(base(request), collection, await features.extent(collection)));
  });

  app.get<{ Params: { collectionId: string }; Querystring: ItemsQuerystring }>('/ogc/collections/:collectionId/items', {
    config: open,
    schema: {
      summary: 'Features of a collection (GeoJSON), paged with next/prev links',
      description: 'bbox in CRS84 (west,south,east,north; west > east crosses the antimeridian); datetime: an instant or interval (grids: the generation in force then; events: report time; buildings: ignored); limit 1…10000 (larger values are cut to 10000), offset. numberMatched counts every feature the filters match.',
      tags,
      params: collectionParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          bbox: { type: 'string', maxLength: 200 },
          'bbox-crs': { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] },
          datetime: { type: 'string', maxLength: 100 },
          limit: { type: 'integer', minimum: 1, maximum: 2_147_483_647, default: DEFAULT_LIMIT },
          offset: { type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0 },
          f: formatParam,
        },
      },
    },
  }, async (request, reply) => {
    const collection = await collectionOf(request.params.collectionId);
    const query = readItemsQuery(request.query);
    const staff = await isStaff(request);
    const page = await features.items(collection, query, staff);
    return send(reply, itemsDocument(base(request), collection, query, page.features, page.numberMatched), GEOJSON_TYPE, staff);
  });

  app.get<{ Params: { collectionId: string; featureId: number } }>('/ogc/collections/:collectionId/items/:featureId', {
    config: open,
    schema: {
      summary: 'One feature (for grids: its version in force now)',
      tags,
      params: { type: 'object', properties: { ...collectionParams.properties, featureId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } },
      querystring: formatOnly,
    },
  }, async (request, reply) => {
    const collection = await collectionOf(request.params.collectionId);
    const staff = await isStaff(request);
    const feature = await features.item(collection, request.params.featureId, staff);
    if (!feature) throw notFound(`no feature ${request.params.featureId} in collection ${collection.id}`);
    return send(reply, itemDocument(base(request), collection, feature), GEOJSON_TYPE, staff);
  });
};

function readItemsQuery(q: ItemsQuerystring): ItemsQuery {
  const query: ItemsQuery = { limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT), offset: q.offset ?? 0 };
  if (q.bbox !== undefined) {
    const bbox = parseOgcBbox(q.bbox);
    if (!bbox.valid) throw badRequest(bbox.reason);
    query.bbox = bbox.value;
  }
  if (q.datetime !== undefined) {
    const datetime = parseDatetime(q.datetime);
    if (!datetime.valid) throw badRequest(datetime.reason);
    query.datetime = datetime.value;
  }
  return query;
}

export default ogc;

// Imports over HTTP: the file is the request body as it is (GeoJSON, a zipped Shapefile or a CSV — the
// browser sends the File, so its upload progress is measurable), the coordinate system and the field
// mapping are query parameters. Preview reads and maps without writing; an import writes every
// accepted feature in one transaction or none, and reports each rejected feature with its reason.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requestActor } from '../../plugins/auth.plugin.ts';
import { HttpError, badRequest, unprocessable } from '../../plugins/errors.plugin.ts';
import { CRS_NAMES } from '../../interop/crs.convert.ts';
import { BUILDING_FIELDS, GEOMETRY_FIELDS, GRID_FIELDS, type FieldMapping, type ImportTarget } from '../../interop/field.mapping.ts';
import { insertBuildings } from '../../interop/import.buildings.ts';
import { prepareBuildingImport, prepareGridImport, prepareImport, type ImportPlan, type ImportRequest, type Prepared, type ProgressListener } from '../../interop/import.pipeline.ts';
import { IMPORT_FORMATS } from '../../interop/import.source.ts';
import { answerWithProgress } from './progress.stream.ts';

const planners = { access: ['planner', 'admin'] } as const;
const tags = ['imports'];

export interface ImportOptions {
  /** largest file accepted, bytes */
  maxBytes: number;
}

const columnParam = { type: 'string', minLength: 1, maxLength: 100 } as const;
const mappingFields = [...new Set([...GRID_FIELDS, ...BUILDING_FIELDS, ...GEOMETRY_FIELDS])];

const importQuery = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    format: { type: 'string', enum: IMPORT_FORMATS, description: 'geojson, shapefile (a .zip) or csv; default: told from the first bytes' },
    crs: { type: 'string', enum: ['auto', ...CRS_NAMES], default: 'auto', description: "the file's coordinates: auto (the .prj or GeoJSON crs, else WGS84), wgs84, cgcs2000 (EPSG:4490), gcj02 (Amap) or bd09 (Baidu) — GCJ-02 and BD-09 are converted to WGS84" },
    ...Object.fromEntries(mappingFields.map((f) => [f, { ...columnParam, description: `the column holding ${f} (default: guessed from the column names)` }])),
    ...extra,
  },
});

const rejectedSchema = { type: 'array', items: { type: 'object', properties: { ref: { type: 'string' }, reason: { type: 'string' } } } } as const;
const mappingSchema = { type: 'object', additionalProperties: { type: 'string' } } as const;
const reportProperties = {
  format: { type: 'string' },
  crs: { type: 'string', description: 'the coordinate system the file was read in' },
  columns: { type: 'array', items: { type: 'string' } },
  mapping: mappingSchema,
  rejected: rejectedSchema,
  notes: { type: 'array', items: { type: 'string' } },
} as const;

type Query = { format?: ImportRequest['format']; crs: ImportRequest['crs']; target?: ImportTarget } & Partial<Record<string, string>>;

function requestOf(query: Query): ImportRequest {
  const mapping: FieldMapping = {};
  for (const f of mappingFields) if (query[f] !== undefined) mapping[f] = query[f];
  return { format: query.format, crs: query.crs ?? 'auto', mapping };
}

function bodyBytes(request: FastifyRequest): Uint8Array {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('send the file as the request body (GeoJSON, a zipped Shapefile or a CSV)');
  return body;
}

function report<T>(plan: ImportPlan<T>) {
  return { format: plan.format, crs: plan.crs, columns: plan.columns, mapping: plan.mapping, rejected: plan.rejected, notes: plan.notes };
}

/** what to write, or the caller's mistake: an unreadable file, or nothing to import (said with every reason) */
async function toWrite<T>(prepared: Prepared<T>, onProgress: ProgressListener): Promise<ImportPlan<T>> {
  if (!prepared.valid) throw badRequest(prepared.reason);
  const plan = prepared.plan;
  if (plan.accepted.length === 0) {
    throw unprocessable(plan.rejected.length ? `none of the ${plan.rejected.length} features can be imported; see rejected` : 'the file holds no features', report(plan));
  }
  await onProgress({ phase: 'write', features: plan.accepted.length });
  return plan;
}

const imports: FastifyPluginAsync<ImportOptions> = async (app, options) => {
  // Every body here is a file, read as bytes whatever its type says (a browser may send none).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBytes }, (_request, body, done) => done(null, body));
  const bodyLimit = options.maxBytes;
  const tooLarge = `the file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB (IMPORT_MAX_MB)`;
  app.addHook('onError', async (_request, _reply, err) => {
    if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') err.message = tooLarge;
  });

  app.post<{ Querystring: Query }>('/api/imports/preview', {
    config: planners,
    bodyLimit,
    schema: {
      summary: 'Read a file and map its fields without importing: columns, the mapping used, accepted and rejected features',
      tags,
      querystring: importQuery({ target: { type: 'string', enum: ['grids', 'buildings'], default: 'grids' } }),
      response: {
        200: {
          type: 'object',
          properties: {
            ...reportProperties,
            features: { type: 'integer', description: 'features in the file' },
            accepted: { type: 'integer' },
            sample: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'the first accepted features as they would be imported (properties only)' },
            bbox: { type: ['array', 'null'], items: { type: 'number' }, description: 'of the accepted features, in WGS84' },
          },
        },
      },
    },
  }, async (request) => {
    const prepared = await prepareImport<{ geometry?: unknown; point?: unknown; footprint?: unknown }>(bodyBytes(request), requestOf(request.query), request.query.target ?? 'grids');
    if (!prepared.valid) throw badRequest(prepared.reason);
    const plan = prepared.plan;
    const sample = plan.accepted.slice(0, 5).map(({ ref, value: { geometry: _g, point: _p, footprint: _f, ...fields } }) => ({ ref, ...fields }));
    return { ...report(plan), features: plan.accepted.length + plan.rejected.length, accepted: plan.accepted.length, sample, bbox: bboxOf(plan.accepted.map((a) => a.value)) };
  });

  app.post<{ Querystring: Query; Params: { planId: number } }>('/api/imports/plans/:planId/grids', {
    config: planners,
    bodyLimit,
    schema: {
      summary: 'Import grids into a plan (all accepted features or none); rejected features are listed with their reason',
      description: 'Fields: name, code, level, parent (a parent code — of a grid in the plan or earlier in the file — or a grid id). Grids are added as they are (no clipping); the plan’s validation reports overlaps and gaps. Households of grids are counted from the buildings, not read from the file. With Accept: application/x-ndjson the answer is progress lines, the result last (with done: true and its statusCode).',
      tags,
      params: { type: 'object', properties: { planId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } },
      querystring: importQuery(),
      response: { 201: { type: 'object', properties: { ...reportProperties, imported: { type: 'integer' }, ids: { type: 'array', items: { type: 'integer' } } } } },
    },
  }, async (request, reply) => answerWithProgress(request, reply, async (onProgress) => {
    const plan = await toWrite(await prepareGridImport(bodyBytes(request), requestOf(request.query), onProgress), onProgress);
    let ids: number[];
    try {
      ids = await app.plans.insertGrids(request.params.planId, plan.accepted.map((a) => a.value), requestActor(request));
    } catch (err) {
      // the plan refused the batch: nothing was written; say so with what the file brought
      if (err instanceof HttpError && err.statusCode < 500) throw new HttpError(err.statusCode, `nothing was imported: ${err.message}`, { ...err.detail, ...report(plan) });
      throw err;
    }
    return { status: 201, body: { ...report(plan), imported: ids.length, ids } };
  }));

  app.post<{ Querystring: Query }>('/api/imports/buildings', {
    config: planners,
    bodyLimit,
    schema: {
      summary: 'Import buildings (points or footprints; all accepted features or none); the grids that gain them are recounted',
      description: 'Fields: name, address, compound (matched by name), kind (residential/住宅, unit/单位, shop/商铺, public/公共), floors, households, population. With Accept: application/x-ndjson the answer is progress lines, the result last (with done: true and its statusCode).',
      tags,
      querystring: importQuery(),
      response: {
        201: {
          type: 'object',
          properties: {
            ...reportProperties,
            imported: { type: 'integer' },
            ids: { type: 'array', items: { type: 'integer' } },
            unknown_compounds: { type: 'array', items: { type: 'string' } },
            recounted_grids: { type: 'array', items: { type: 'integer' } },
          },
        },
      },
    },
  }, async (request, reply) => answerWithProgress(request, reply, async (onProgress) => {
    const plan = await toWrite(await prepareBuildingImport(bodyBytes(request), requestOf(request.query), onProgress), onProgress);
    const written = await insertBuildings(app.db, plan.accepted.map((a) => a.value));
    const notes = written.unknownCompounds.length ? [...plan.notes, `no compound named ${written.unknownCompounds.join(', ')}: those buildings have none`] : plan.notes;
    await app.audit.write(requestActor(request), [{ action: 'import', entity: 'building', entity_id: null, detail: { buildings: written.ids.length, rejected: plan.rejected.length } }]);
    return {
      status: 201,
      body: { ...report(plan), notes, imported: written.ids.length, ids: written.ids, unknown_compounds: written.unknownCompounds, recounted_grids: written.recountedGrids },
    };
  }));
};

function bboxOf(values: Array<{ geometry?: unknown; point?: unknown; footprint?: unknown }>): number[] | null {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const v of values) for (const g of [v.geometry, v.point, v.footprint]) if (g) visit((g as { coordinates: unknown }).coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

export default imports;

// One path for every report, whatever door it came in by (JSON, multipart with photos, Open311):
// check it, place it, store photos, store the event; photos already written are removed again when
// the event is not stored, so a refused or failed report leaves nothing behind.
import { Ajv } from 'ajv';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, badRequest } from '../plugins/errors.plugin.ts';
import type { AuthUser } from '../auth/access.rule.ts';
import { checkCategory, SOURCES, type EventSource } from './event.categories.ts';
import { imageTypeOf, type ImageType } from './photo.store.ts';
import { mayReport, reporterActor } from './report.rule.ts';
import type { EventView } from './event.repository.ts';

export const reportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'source', 'location'],
  properties: {
    category: { type: 'string', minLength: 1, maxLength: 32, description: 'a class after GB/T 30428.2: 市容环境, 宣传广告, 施工管理, 街面秩序, 突发事件, 其他事件' },
    subcategory: { type: 'string', minLength: 1, maxLength: 32 },
    description: { type: 'string', maxLength: 2000, default: '' },
    source: { type: 'string', enum: SOURCES.filter((s) => s !== 'open311') },
    location: {
      type: 'object',
      additionalProperties: false,
      description: 'lon and lat (WGS84/CGCS2000), or a building id, or an address found by search',
      properties: {
        lon: { type: 'number', minimum: -180, maximum: 180 },
        lat: { type: 'number', minimum: -90, maximum: 90 },
        building_id: { type: 'integer', minimum: 1 },
        address: { type: 'string', minLength: 2, maxLength: 200 },
      },
    },
    reporter: {
      type: 'object',
      additionalProperties: false,
      description: 'the reporter’s contact: personal data, kept apart and never shown publicly',
      properties: { name: { type: 'string', maxLength: 50 }, phone: { type: 'string', pattern: '^[0-9+\\- ]{3,20}$' } },
    },
  },
} as const;

export interface ReportBody {
  category: string;
  subcategory?: string;
  description?: string;
  source: EventSource;
  location: { lon?: number; lat?: number; building_id?: number; address?: string };
  reporter?: { name?: string; phone?: string };
}

const ajv = new Ajv({ useDefaults: true, allErrors: false });
const validateReport = ajv.compile(reportSchema);

export interface Photo {
  bytes: Buffer;
  type: ImageType;
}

/** Resolves lon/lat, a building or an address to a point (400 when none is given, 422 when not found). */
export async function placeOf(app: FastifyInstance, location: ReportBody['location'] | undefined): Promise<{ lon: number; lat: number }> {
  if (!location) throw badRequest('location is required: {lon, lat}, {building_id} or {address}');
  if (location.lon !== undefined || location.lat !== undefined) {
    if (location.lon === undefined || location.lat === undefined) throw badRequest('location needs both lon and lat');
    return { lon: location.lon, lat: location.lat };
  }
  if (location.building_id !== undefined) {
    const { rows } = await app.db.query<{ lon: number; lat: number }>('select ST_X(geom) as lon, ST_Y(geom) as lat from building where id = $1', [location.building_id]);
    if (!rows[0]) throw new HttpError(422, `no building ${location.building_id}`);
    return { lon: Number(rows[0].lon), lat: Number(rows[0].lat) };
  }
  if (location.address !== undefined) {
    const [place] = await app.events.places.search(location.address, 1);
    if (!place) throw new HttpError(422, `no place matches the address "${location.address}"; give lon and lat instead`);
    return { lon: place.lon, lat: place.lat };
  }
  throw badRequest('location is empty: give {lon, lat}, {building_id} or {address}');
}

/** Reads a multipart report: the JSON report in the field `event`, photos as files (any field name). */
export async function readMultipart(app: FastifyInstance, request: FastifyRequest): Promise<{ body: unknown; photos: Photo[] }> {
  let text: string | undefined;
  const photos: Photo[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        const type = imageTypeOf(bytes);
        if (!type) throw new HttpError(415, `photo "${part.filename}" is not a JPEG, PNG or WebP image`);
        photos.push({ bytes, type });
      } else if (part.fieldname === 'event') {
        text = String(part.value);
      } else {
        throw badRequest(`unexpected field "${part.fieldname}": send the report as JSON in the field "event" and photos as files`);
      }
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, `a photo is larger than ${Math.round(app.events.photoMaxBytes / 1024 / 1024)} MB`);
    if (status && status < 500) throw new HttpError(status, (err as Error).message);
    throw badRequest(`malformed multipart body: ${(err as Error).message}`);
  }
  if (text === undefined) throw badRequest('a multipart report needs the field "event" with the report as JSON');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('the field "event" is not valid JSON');
  }
  return { body, photos };
}

export function checkReport(body: unknown): ReportBody {
  if (!validateReport(body)) {
    const e = validateReport.errors![0];
    throw badRequest(`event${e.instancePath.replace(/\//g, '.')} ${e.message}`);
  }
  return body as ReportBody;
}

export async function intake(
  app: FastifyInstance,
  report: ReportBody & { source: EventSource },
  photos: Photo[],
  user: AuthUser | null,
  idempotencyKey: string | undefined,
): Promise<{ event: EventView; created: boolean }> {
  const verdict = mayReport(report.source, user);
  if (!verdict.allowed) throw new HttpError(verdict.status, verdict.reason);
  const category = checkCategory(report.category, report.subcategory);
  if (!category.valid) throw badRequest(category.reason);
  const { lon, lat } = await placeOf(app, report.location);
  const names = await app.events.photos.save(photos);
  try {
    const result = await app.events.repo.report({
      category: report.category, subcategory: report.subcategory ?? null, description: report.description ?? '',
      source: report.source, lon, lat, reporter: report.reporter, idempotencyKey, photos: names,
      actor: reporterActor(report.source, user),
    });
    if (!result.created) await app.events.photos.remove(names); // the retry's copies: the first request's photos stand
    else await app.revisions.refresh();
    return result;
  } catch (err) {
    await app.events.photos.remove(names);
    throw err;
  }
}

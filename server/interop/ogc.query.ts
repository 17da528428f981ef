// The query parameters of OGC API – Features Part 1 (bbox, datetime, limit, offset) read into values,
// and the SQL they become. Parsing is pure and says what is wrong; SQL values are always bound.
import type { OgcCollection } from './ogc.collections.ts';

export type Bbox = [number, number, number, number];

/** an instant is an interval whose ends are equal; an open end is null */
export interface Interval {
  start: Date | null;
  end: Date | null;
}

export type Parsed<T> = { valid: true; value: T } | { valid: false; reason: string };

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** bbox as OGC allows it: 4 numbers, or 6 with heights (ignored); west > east crosses the antimeridian. */
export function parseOgcBbox(text: string): Parsed<Bbox> {
  const parts = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) {
    return { valid: false, reason: `bbox must be 4 numbers west,south,east,north (or 6 with heights), got "${text.slice(0, 100)}"` };
  }
  const [west, south, east, north] = parts.length === 4 ? parts : [parts[0], parts[1], parts[3], parts[4]];
  if (Math.abs(west) > 180 || Math.abs(east) > 180 || Math.abs(south) > 90 || Math.abs(north) > 90) {
    return { valid: false, reason: 'bbox must lie within -180,-90,180,90 (longitude/latitude, CRS84)' };
  }
  if (south > north) return { valid: false, reason: 'bbox south must not be above north' };
  return { valid: true, value: [west, south, east, north] };
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

function instant(text: string): Date | null | undefined {
  if (text === '..' || text === '') return null;
  if (!rfc3339.test(text)) return undefined;
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** datetime: an RFC 3339 instant, or an interval "start/end" where either end may be ".." (open). */
export function parseDatetime(text: string): Parsed<Interval> {
  const ends = text.split('/');
  const bad = { valid: false as const, reason: `datetime must be an RFC 3339 time (2026-03-01T00:00:00Z) or an interval start/end with ".." for an open end, got "${text.slice(0, 100)}"` };
  if (ends.length > 2) return bad;
  if (ends.length === 1) {
    const at = instant(ends[0]);
    return at ? { valid: true, value: { start: at, end: at } } : bad;
  }
  const [start, end] = ends.map(instant);
  if (start === undefined || end === undefined) return bad;
  if (start === null && end === null) return { valid: true, value: { start: null, end: null } };
  if (start && end && start > end) return { valid: false, reason: 'datetime interval must start before it ends' };
  return { valid: true, value: { start, end } };
}

export interface ItemsQuery {
  bbox?: Bbox;
  datetime?: Interval;
  limit: number;
  offset: number;
}

export interface ItemsSql {
  /** the features of the page, one GeoJSON text per row (column `feature`) */
  page: { sql: string; params: unknown[] };
  /** numberMatched (column `n`) */
  count: { sql: string; params: unknown[] };
}

/** the properties a viewer sees: public ones, plus the staff ones for staff */
export function propertiesOf(collection: OgcCollection, staff: boolean): Record<string, string> {
  return staff ? { ...collection.publicProperties, ...collection.staffProperties } : collection.publicProperties;
}

export function featureSql(collection: OgcCollection, staff: boolean): string {
  const properties = Object.entries(propertiesOf(collection, staff)).flatMap(([name, expr]) => [`'${name}'`, expr]);
  return `json_build_object('type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(${collection.geometry}, 7)::json,
    'properties', json_build_object(${properties.join(', ')}))::text`;
}

/** where-clauses shared by the page and its count; params are pushed as they are bound */
function filters(collection: OgcCollection, query: Pick<ItemsQuery, 'bbox' | 'datetime'>, params: unknown[]): string[] {
  const bind = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (collection.where) where.push(collection.where);
  if (query.bbox) {
    const [west, south, east, north] = query.bbox;
    const envelope = (w: number, e: number) => `ST_MakeEnvelope(${bind(w)}, ${bind(south)}, ${bind(e)}, ${bind(north)}, 4326)`;
    const boxes = west <= east ? [envelope(west, east)] : [envelope(west, 180), envelope(-180, east)];
    where.push(`(${boxes.map((b) => `ST_Intersects(${collection.geometry}, ${b})`).join(' or ')})`);
  }
  const temporal = collection.temporal;
  if (temporal?.kind === 'generation') where.push(generationFilter(query.datetime, bind));
  else if (temporal?.kind === 'instant' && query.datetime) {
    if (query.datetime.start) where.push(`${temporal.column} >= ${bind(query.datetime.start)}`);
    if (query.datetime.end) where.push(`${temporal.column} <= ${bind(query.datetime.end)}`);
  }
  return where;
}

/**
 * Grid rows in force: now (no datetime); at an instant, the generation then published; over an
 * interval, every version in force at some time in it.
 */
function generationFilter(datetime: Interval | undefined, bind: (v: unknown) => string): string {
  if (!datetime) return 'f.valid_to is null';
  const publishedAt = (column: string) => `(select published_at from generation where id = ${column})`;
  const parts: string[] = [];
  if (datetime.end) parts.push(`${publishedAt('f.valid_from')} <= ${bind(datetime.end)}`);
  if (datetime.start) parts.push(`(f.valid_to is null or ${publishedAt('f.valid_to')} > ${bind(datetime.start)})`);
  return parts.length ? parts.join(' and ') : 'true';
}

export function itemsSql(collection: OgcCollection, query: ItemsQuery, staff: boolean): ItemsSql {
  const countParams: unknown[] = [];
  const countWhere = filters(collection, query, countParams);
  const params: unknown[] = [];
  const where = filters(collection, query, params);
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const orderBy = collection.temporal?.kind === 'generation' ? 'f.id, f.valid_from' : 'f.id';
  return {
    page: {
      sql: `select ${featureSql(collection, staff)} as feature from ${collection.from} ${whereSql}
             order by ${orderBy} limit $${params.push(query.limit)} offset $${params.push(query.offset)}`,
      params,
    },
    count: { sql: `select count(*)::integer as n from ${collection.from} ${countWhere.length ? `where ${countWhere.join(' and ')}` : ''}`, params: countParams },
  };
}

/** One feature by id: for grids the version in force now. */
export function itemSql(collection: OgcCollection, staff: boolean): string {
  const where = [collection.where, collection.temporal?.kind === 'generation' ? 'f.valid_to is null' : null, 'f.id = $1'].filter(Boolean);
  return `select ${featureSql(collection, staff)} as feature from ${collection.from} where ${where.join(' and ')}`;
}

/** Spatial and temporal extent of a collection (columns west, south, east, north, t0, t1). */
export function extentSql(collection: OgcCollection): string {
  const temporal = collection.temporal;
  const [t0, t1] = temporal?.kind === 'instant'
    ? [`min(${temporal.column})`, `max(${temporal.column})`]
    : temporal?.kind === 'generation'
      ? ['(select min(published_at) from generation)', 'null::timestamptz']
      : ['null::timestamptz', 'null::timestamptz'];
  const where = [collection.where, temporal?.kind === 'generation' ? 'f.valid_to is null' : null].filter(Boolean);
  return `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north, t0, t1
            from (select ST_Extent(${collection.geometry}) as e, ${t0} as t0, ${t1} as t1
                    from ${collection.from} ${where.length ? `where ${where.join(' and ')}` : ''}) s`;
}

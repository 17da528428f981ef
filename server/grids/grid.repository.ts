// Grids of a generation: point lookup (single and batch), listing and fetching. Every read here is
// public, so it selects public fields only — staff_private and personal tables are never joined.
import type { Db, Queryable } from '../db/db.ts';
import { chainOf, pickDeepest, type Candidate, type GridRef } from './lookup.rule.ts';

export interface Worker {
  name: string;
  phone: string | null;
  photo_url: string | null;
  office_hours: string | null;
  office_place: string | null;
}

export interface LookupResult {
  generation: number | null;
  grids: GridRef[];
  worker: Worker | null;
}

export interface BatchPoint {
  id: string;
  lon: number;
  lat: number;
}

interface Row extends Candidate {
  worker_id: number | null;
}

interface WorkerColumns {
  worker_name: string | null;
  worker_phone: string | null;
  worker_photo_url: string | null;
  worker_office_hours: string | null;
  worker_office_place: string | null;
}

const workerColumns = (r: WorkerColumns): Worker => ({
  name: r.worker_name!, phone: r.worker_phone, photo_url: r.worker_photo_url, office_hours: r.worker_office_hours, office_place: r.worker_office_place,
});

const refColumns = 'id, code, name, level, parent_id';

/** the rows of generation `gen` (null = the current one); the literal predicate lets the partial indexes apply */
const inGeneration = (gen: number | null, param: string) =>
  gen === null ? 'valid_to is null' : `valid_from <= ${param} and (valid_to is null or valid_to > ${param})`;

export function gridRepository(db: Db) {
  async function generationAt(at: Date): Promise<number | null> {
    const { rows } = await db.query<{ id: number | null }>('select max(id) as id from generation where published_at <= $1', [at]);
    return rows[0].id;
  }

  async function currentGeneration(): Promise<number | null> {
    const { rows } = await db.query<{ id: number | null }>('select max(id) as id from generation');
    return rows[0].id;
  }

  async function workerOf(chain: Array<GridRef & { worker_id?: number | null }>): Promise<Worker | null> {
    // The deepest grid with a worker answers: building groups usually share their grid's worker.
    const withWorker = [...chain].reverse().find((g) => g.worker_id != null);
    if (!withWorker) return null;
    const { rows } = await db.query<Worker>(
      'select name, public_phone as phone, photo_url, office_hours, office_place from staff where id = $1',
      [withWorker.worker_id],
    );
    return rows[0] ?? null;
  }

  /**
   * One round trip for the common case (now): the candidate grids with their workers' public fields.
   * Only `at` lookups, and points outside every grid, need the generation asked for separately.
   */
  async function lookup(lon: number, lat: number, at?: Date): Promise<LookupResult> {
    const gen = at ? await generationAt(at) : null;
    if (at && gen === null) return { generation: null, grids: [], worker: null };
    const { rows } = await db.query<Row & WorkerColumns & { current_generation: number }>(
      `select g.id, g.code, g.name, g.level, g.parent_id, g.worker_id, ST_Contains(g.geom, q.p) as interior,
              s.name as worker_name, s.public_phone as worker_phone, s.photo_url as worker_photo_url,
              s.office_hours as worker_office_hours, s.office_place as worker_office_place,
              (select max(id) from generation) as current_generation
         from (select ST_SetSRID(ST_MakePoint($1, $2), 4326) as p) as q
         join grid g on ST_Intersects(g.geom, q.p) and ${inGeneration(gen, '$3').replace(/valid_/g, 'g.valid_')}
         left join staff s on s.id = g.worker_id`,
      gen === null ? [lon, lat] : [lon, lat, gen],
    );
    const chain = chainOf(pickDeepest(rows), new Map(rows.map((r) => [r.id, r])));
    // The deepest grid with a worker answers: building groups usually share their grid's worker.
    const staffed = [...chain].reverse().find((g) => g.worker_id != null && g.worker_name != null);
    return {
      generation: gen ?? rows[0]?.current_generation ?? (await currentGeneration()),
      grids: chain.map(toRef),
      worker: staffed ? workerColumns(staffed) : null,
    };
  }

  async function list(filter: GridFilter): Promise<GeoJSON.FeatureCollection> {
    const where = ['valid_to is null'];
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}`;
    if (filter.level !== undefined) where.push(`level = ${bind(filter.level)}`);
    if (filter.parent !== undefined) where.push(`parent_id = ${bind(filter.parent)}`);
    if (filter.bbox) where.push(`geom && ST_MakeEnvelope(${filter.bbox.map(bind).join(', ')}, 4326)`);
    const { rows } = await db.query<{ feature: string }>(
      `select ${featureSql} as feature from grid where ${where.join(' and ')} order by level, code`,
      params,
    );
    return { type: 'FeatureCollection', features: rows.map((r) => JSON.parse(r.feature)) };
  }

  async function get(id: number): Promise<GeoJSON.Feature | null> {
    const { rows } = await db.query<{ feature: string; worker_id: number | null }>(
      `select ${featureSql} as feature, worker_id from grid where id = $1 and valid_to is null`,
      [id],
    );
    if (!rows[0]) return null;
    const feature = JSON.parse(rows[0].feature) as GeoJSON.Feature;
    feature.properties!.worker = await workerOf([{ ...(feature.properties as GridRef), worker_id: rows[0].worker_id }]);
    return feature;
  }

  return { lookup, list, get, generationAt, currentGeneration, workerOf };
}

export interface GridFilter {
  level?: number;
  parent?: number;
  bbox?: [number, number, number, number];
}

// One GeoJSON feature per grid, built in SQL so the geometry is never parsed twice.
const featureSql = `json_build_object(
  'type', 'Feature', 'id', id,
  'geometry', ST_AsGeoJSON(geom, 7)::json,
  'properties', json_build_object('id', id, 'code', code, 'name', name, 'level', level, 'parent_id', parent_id,
    'households', households, 'population', population, 'area_m2', round(area_m2::numeric, 1), 'valid_from', valid_from)
)::text`;

export function toRef({ id, code, name, level, parent_id }: GridRef): GridRef {
  return { id, code, name, level, parent_id };
}

export type GridRepository = ReturnType<typeof gridRepository>;
export type { Queryable };

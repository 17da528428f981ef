// Grids of a generation: point lookup (single and batch), listing and fetching. Every read here is
// public, so it selects public fields only — staff_private and personal tables are never joined.
import type { Db, Queryable } from '../db/db.ts';
import { chainOf, pickDeepest, type Candidate, type GridRef } from './lookup.rule.ts';
import { buildGridIndex, type GridIndex } from './grid.index.ts';
import { parsePolygons } from './wkb.parse.ts';

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

const workerSelect = `s.name as worker_name, s.public_phone as worker_phone, s.photo_url as worker_photo_url,
              s.office_hours as worker_office_hours, s.office_place as worker_office_place`;

/** The deepest grid with a worker answers: building groups usually share their grid's worker. */
function answer(chain: Array<GridRef & { worker: Worker | null }>, generation: number | null): LookupResult {
  const staffed = [...chain].reverse().find((g) => g.worker);
  return { generation, grids: chain.map(toRef), worker: staffed?.worker ?? null };
}

/** The current generation's grids with their polygons and workers, for the in-memory index. */
async function loadIndex(db: Db): Promise<GridIndex<Worker>> {
  const { rows } = await db.query<Omit<Row, 'interior'> & WorkerColumns & { wkb: Uint8Array; generation: number | null }>(
    `select g.id, g.code, g.name, g.level, g.parent_id, g.worker_id, ST_AsBinary(g.geom) as wkb, ${workerSelect},
            (select max(id) from generation) as generation
       from grid g left join staff s on s.id = g.worker_id
      where g.valid_to is null`,
  );
  const grids = rows.map(({ wkb, generation: _, ...r }) => ({
    id: r.id, code: r.code, name: r.name, level: r.level, parent_id: r.parent_id, worker_id: r.worker_id,
    worker: r.worker_name == null ? null : workerColumns(r),
    parts: parsePolygons(wkb),
  }));
  const generation = rows[0]?.generation ?? (await db.query<{ id: number | null }>('select max(id) as id from generation')).rows[0].id;
  return buildGridIndex(grids, generation);
}

/** Memoises `load` for as long as `revision()` answers the same; a failed load is retried next time. */
function revisionCached<T>(revision: RevisionOf, load: () => Promise<T>): () => Promise<T> {
  let cached: { key: string; value: Promise<T> } | undefined;
  return () => {
    const key = revision();
    if (cached?.key !== key) {
      const value = load();
      cached = { key, value };
      value.catch(() => { if (cached?.value === value) cached = undefined; });
    }
    return cached.value;
  };
}

const workerColumns = (r: WorkerColumns): Worker => ({
  name: r.worker_name!, phone: r.worker_phone, photo_url: r.worker_photo_url, office_hours: r.worker_office_hours, office_place: r.worker_office_place,
});

const refColumns = 'id, code, name, level, parent_id';

/** the rows of generation `gen` (null = the current one); the literal predicate lets the partial indexes apply */
const inGeneration = (gen: number | null, param: string) =>
  gen === null ? 'valid_to is null' : `valid_from <= ${param} and (valid_to is null or valid_to > ${param})`;

/** the data revision the current generation's grids and workers are at; the in-memory index is rebuilt when it moves */
export type RevisionOf = () => string;

export function gridRepository(db: Db, revision: RevisionOf = () => '') {
  const current = revisionCached(revision, () => loadIndex(db));

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
   * Now: from the in-memory index of the current generation (no database round trip). At a past time:
   * from the database, for the generation then in force.
   */
  async function lookup(lon: number, lat: number, at?: Date): Promise<LookupResult> {
    if (at) {
      const gen = await generationAt(at);
      return gen === null ? { generation: null, grids: [], worker: null } : lookupInDatabase(lon, lat, gen);
    }
    const index = await current();
    return answer(index.chain(lon, lat), index.generation);
  }

  /** The same answer computed by PostGIS: for past generations, and as the reference the index is tested against. */
  async function lookupInDatabase(lon: number, lat: number, gen: number | null = null): Promise<LookupResult> {
    const { rows } = await db.query<Row & WorkerColumns & { current_generation: number }>(
      `select g.id, g.code, g.name, g.level, g.parent_id, g.worker_id, ST_Contains(g.geom, q.p) as interior,
              ${workerSelect},
              (select max(id) from generation) as current_generation
         from (select ST_SetSRID(ST_MakePoint($1, $2), 4326) as p) as q
         join grid g on ST_Intersects(g.geom, q.p) and ${inGeneration(gen, '$3').replace(/valid_/g, 'g.valid_')}
         left join staff s on s.id = g.worker_id`,
      gen === null ? [lon, lat] : [lon, lat, gen],
    );
    const grids = rows.map((r) => ({ ...r, worker: r.worker_name == null ? null : workerColumns(r) }));
    const chain = chainOf(pickDeepest(grids), new Map(grids.map((g) => [g.id, g])));
    return answer(chain, gen ?? rows[0]?.current_generation ?? (await currentGeneration()));
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

  return { lookup, lookupInDatabase, list, get, generationAt, currentGeneration, workerOf };
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

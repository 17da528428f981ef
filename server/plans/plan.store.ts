// The plan tables as the edit operations see them: reading rows and features, checking a grid is
// editable, saving a geometry, recounting households. Every function takes the transaction it runs in.
import type { Feature } from 'geojson';
import type { Queryable } from '../db/db.ts';
import { HttpError, notFound, conflict, unprocessable } from '../plugins/errors.plugin.ts';
import { prepareGeometry } from '../geometry/polygon.validate.ts';
import type { GridGeometry, Plan, PlanGridRow } from './plan.types.ts';

/** a grid changed against its published row: geometry or attributes differ (collinear vertices added are no change) */
export const changedSql = `(pg.base_from is not null and not pg.deleted and pg.version > 1 and exists (
  select 1 from grid g where g.id = pg.id and g.valid_from = pg.base_from
     and (g.code <> pg.code or g.name <> pg.name or g.worker_id is distinct from pg.worker_id
          or g.parent_id is distinct from pg.parent_id or not ST_Equals(g.geom, pg.geom))))`;

/** a grid the plan adds, removes or changes: what publishing writes */
export const touchedSql = `(pg.base_from is null or pg.deleted or ${changedSql})`;

const changeSql = `case when pg.base_from is null then 'added' when ${changedSql} then 'changed' else 'unchanged' end`;

// Full precision: a vertex shared by two grids must come back equal in both, so the editor can move it in both.
export const featureSql = `json_build_object(
  'type', 'Feature', 'id', pg.id, 'geometry', ST_AsGeoJSON(pg.geom, 15)::json,
  'properties', json_build_object('id', pg.id, 'code', pg.code, 'name', pg.name, 'level', pg.level, 'parent_id', pg.parent_id,
    'worker_id', pg.worker_id, 'worker_name', s.name, 'households', pg.households, 'population', pg.population,
    'buildings', pg.buildings, 'area_m2', round(pg.area_m2::numeric, 1), 'version', pg.version, 'change', ${changeSql})
)::text`;

export const planColumns = `id, name, status, scope_grid_id, base_generation, created_by,
  to_json(created_at) #>> '{}' as created_at, to_json(updated_at) #>> '{}' as updated_at, published_generation`;

export async function findPlan(tx: Queryable, planId: number): Promise<Plan> {
  const { rows } = await tx.query<Plan>(`select ${planColumns} from plan where id = $1`, [planId]);
  if (!rows[0]) throw notFound(`no plan ${planId}`);
  return rows[0];
}

/** The plan, locked against a concurrent publish, and still a draft. */
export async function draftPlan(tx: Queryable, planId: number, lock: 'share' | 'update' = 'share'): Promise<Plan> {
  const { rows } = await tx.query<Plan>(`select ${planColumns} from plan where id = $1 for ${lock}`, [planId]);
  if (!rows[0]) throw notFound(`no plan ${planId}`);
  if (rows[0].status !== 'draft') throw conflict(`plan ${planId} is ${rows[0].status}: only a draft can change`);
  return rows[0];
}

export async function touchPlan(tx: Queryable, planId: number): Promise<void> {
  await tx.query('update plan set updated_at = now() where id = $1', [planId]);
}

export async function features(tx: Queryable, planId: number, ids: number[]): Promise<Feature[]> {
  if (!ids.length) return [];
  const { rows } = await tx.query<{ feature: string }>(
    `select ${featureSql} as feature from plan_grid pg left join staff s on s.id = pg.worker_id
      where pg.plan_id = $1 and pg.id = any($2::bigint[]) order by array_position($2::bigint[], pg.id)`,
    [planId, ids],
  );
  return rows.map((r) => JSON.parse(r.feature));
}

const rowColumns = 'id, version, base_from, code, name, level, parent_id, worker_id';

/** A grid of the plan that is not deleted, locked for the edit. */
export async function gridRow(tx: Queryable, planId: number, gridId: number): Promise<PlanGridRow> {
  const { rows } = await tx.query<PlanGridRow>(
    `select ${rowColumns} from plan_grid where plan_id = $1 and id = $2 and not deleted for update`,
    [planId, gridId],
  );
  if (!rows[0]) throw notFound(`plan ${planId} has no grid ${gridId}`);
  return rows[0];
}

export async function childRows(tx: Queryable, planId: number, parentId: number): Promise<PlanGridRow[]> {
  const { rows } = await tx.query<PlanGridRow>(
    `select ${rowColumns} from plan_grid where plan_id = $1 and parent_id = $2 and not deleted order by code`,
    [planId, parentId],
  );
  return rows;
}

/** 412 with the grid as it is now, so the editor can offer reload or reapply. */
export async function stale(tx: Queryable, planId: number, ids: number[]): Promise<HttpError> {
  const current = await features(tx, planId, ids);
  const versions = current.map((f) => `${f.id} is at version ${f.properties!.version}`).join(', ');
  return new HttpError(412, `edited against an old version: ${versions || 'the grid was removed'}; reload or reapply`, {
    current,
  });
}

/** Grids a plan may not reshape: the community a community plan is scoped to keeps its boundary. */
export function assertReshapable(plan: Plan, gridId: number): void {
  if (plan.scope_grid_id === gridId)
    throw unprocessable(`grid ${gridId} is the boundary of this plan's scope: open a plan for its parent (or the whole street) to change it`);
}

/** A Polygon/MultiPolygon the database may be given: checked by the geometry core first (with the reason). */
export function checkedGeometry(geometry: GridGeometry, what: string): string {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon'))
    throw unprocessable(`${what}: geometry must be a GeoJSON Polygon or MultiPolygon`);
  const { validity } = prepareGeometry(geometry);
  if (!validity.valid) throw unprocessable(`${what}: invalid geometry — ${validity.reason}`, { point: validity.point });
  return JSON.stringify(geometry);
}

export const geomFromJson = (param: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${param}::text), 4326))`;

/** Households, population and buildings of each grid: the buildings whose point lies in it. */
export async function recount(tx: Queryable, planId: number, ids: number[] | null): Promise<void> {
  // A correlated probe of the building index per grid: a fresh plan's rows have no statistics yet, and a
  // planner that guesses one grid would otherwise test every building against every grid (40× slower).
  const which = ids === null ? '' : 'and pg.id = any($2::bigint[])';
  await tx.query(
    `update plan_grid pg set (households, population, buildings) = (
        select coalesce(sum(b.households), 0)::int, coalesce(sum(b.population), 0)::int, count(b.id)::int
          from building b where ST_Intersects(pg.geom, b.geom))
      where pg.plan_id = $1 ${which}`,
    ids === null ? [planId] : [planId, ids],
  );
}

/**
 * Puts the vertices of the changed grids into the boundaries of the grids they touch (within 1e-9°), so
 * an edge two grids share has the same vertices in both and the editor can move them together.
 */
export async function nodeNeighbours(tx: Queryable, planId: number, ids: number[]): Promise<number[]> {
  const { rows } = await tx.query<{ id: number }>(
    `with changed as (select id, level, geom from plan_grid where plan_id = $1 and id = any($2::bigint[]) and not deleted),
          snapped as (
            select n.id, ST_Multi(ST_Snap(n.geom, ST_Collect(c.geom), 1e-9)) as geom, n.geom as before
              from plan_grid n join changed c on n.geom && c.geom and ST_Intersects(n.geom, c.geom)
             where n.plan_id = $1 and not n.deleted and not n.id = any($2::bigint[])
             group by n.id, n.geom)
     update plan_grid pg set geom = s.geom, version = pg.version + 1
       from snapped s
      where pg.plan_id = $1 and pg.id = s.id and ST_NPoints(s.geom) <> ST_NPoints(s.before) and ST_IsValid(s.geom)
     returning pg.id`,
    [planId, ids],
  );
  return rows.map((r) => Number(r.id));
}

/** The next code under a parent: its code and a 3-digit sequence one past the highest in use. */
export async function nextCode(tx: Queryable, planId: number, parent: PlanGridRow): Promise<string> {
  const { rows } = await tx.query<{ n: number | null }>(
    `select max(substr(code, length($3) + 1, 3)::int) as n from plan_grid
      where plan_id = $1 and parent_id = $2 and not deleted and code like $3 || '___'`,
    [planId, parent.id, parent.code],
  );
  const n = (rows[0].n ?? 0) + 1;
  if (n > 999) throw conflict(`grid ${parent.code} already has 999 children: no code is left`);
  return `${parent.code}${String(n).padStart(3, '0')}`;
}

export async function newGridId(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(`select nextval('grid_id_seq')::bigint as id`);
  return Number(rows[0].id);
}

/** Unique-code and unknown-worker violations are the caller's to fix (409/422), not our 500. */
export async function translateWriteErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; detail?: string; constraint?: string };
    if (e.code === '23505') throw conflict(`that code is already used by another grid of this plan${e.detail ? ` (${e.detail})` : ''}`);
    if (e.code === '23503') throw unprocessable('worker_id names no staff member');
    if (e.code === '23514') throw unprocessable(`a grid's code must be 12 digits plus 3 per level below the community, and level 1 has no parent (${e.constraint ?? 'check'})`);
    // GEOS gave up on the shapes it was given (PGlite reports it as an empty answer): the edit is refused, nothing is stored
    if (/TopologyException|PostGIS error PGlite did not report|GEOS/i.test(String((err as Error).message)))
      throw unprocessable(`the geometry engine could not compute this edit (${(err as Error).message.slice(0, 120)}); nothing was changed — try a simpler shape or a slightly different line`);
    throw err;
  }
}

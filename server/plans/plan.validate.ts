// A plan's grids through the same validation as any coverage (无盲区): PostGIS by default, the
// TypeScript core on request — the engines agree (server/validation tests hold them to it). In a
// community plan the community is the top of the coverage, and only the buildings inside it count.
import type { Db, Queryable } from '../db/db.ts';
import type { BuildingInput, GridInput, ValidationOptions, ValidationResult } from '../geometry/coverage.types.ts';
import { validateCoverage } from '../geometry/coverage.validate.ts';
import { validateSelectedSql } from '../validation/coverage.sql.ts';
import type { Plan } from './plan.types.ts';

export type Engine = 'core' | 'postgis';

const gridsSql = `select id::text as key, level, case when id = $2 then null else parent_id::text end as parent_key, geom,
    worker_id::text as worker, households
  from plan_grid where plan_id = $1 and not deleted`;

const buildingsSql = `select b.id::text as key, b.geom, b.households from building b
  where $2::bigint is null or exists (select 1 from plan_grid s where s.plan_id = $1 and s.id = $2 and ST_Intersects(s.geom, b.geom))`;

export async function validatePlan(db: Db, plan: Plan, options: ValidationOptions = {}, engine: Engine = 'postgis'): Promise<ValidationResult> {
  const params = [plan.id, plan.scope_grid_id];
  if (engine === 'postgis') return validateSelectedSql(db, gridsSql, buildingsSql, options, params);
  const { grids, buildings } = await loadPlanCoverage(db, plan);
  return validateCoverage(grids, buildings, options);
}

export async function loadPlanCoverage(db: Queryable, plan: Plan): Promise<{ grids: GridInput[]; buildings: BuildingInput[] }> {
  const params = [plan.id, plan.scope_grid_id];
  const grids = await db.query<{ key: string; level: number; parent_key: string | null; geometry: string; worker: string | null; households: number }>(
    `select key, level, parent_key, ST_AsGeoJSON(geom, 15) as geometry, worker, households from (${gridsSql}) s`,
    params,
  );
  const buildings = await db.query<{ key: string; lon: number; lat: number; households: number }>(
    `select key, ST_X(geom) as lon, ST_Y(geom) as lat, households from (${buildingsSql.replace('b.geom,', 'b.geom as geom,')}) s`,
    params,
  );
  return {
    grids: grids.rows.map((r) => ({
      id: Number(r.key), level: r.level, parent_id: r.parent_key === null ? null : Number(r.parent_key),
      geometry: JSON.parse(r.geometry), worker_id: r.worker === null ? null : Number(r.worker), households: r.households,
    })),
    buildings: buildings.rows.map((r) => ({ id: Number(r.key), lon: r.lon, lat: r.lat, households: r.households })),
  };
}

// A plan's grids through the same validation as any coverage (无盲区): PostGIS by default, the
// TypeScript core on request — the engines agree (server/validation tests hold them to it). In a
// community plan the community is the top of the coverage, and only the buildings inside it count.
import type { Db, Queryable } from '../db/db.ts';
import type { ValidationOptions, ValidationResult } from '../geometry/coverage.types.ts';
import { validateCoverage } from '../geometry/coverage.validate.ts';
import { validateSelectedSql } from '../validation/coverage.sql.ts';
import { loadSelectedCoverage } from '../validation/current.load.ts';
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

export const loadPlanCoverage = (db: Queryable, plan: Plan) => loadSelectedCoverage(db, gridsSql, buildingsSql, [plan.id, plan.scope_grid_id]);

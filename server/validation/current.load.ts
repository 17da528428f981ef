// A coverage as the core's input, for validating it in TypeScript (engine=core) or proposing fixes to it.
// It reads the same selection the PostGIS check takes (validateSelectedSql), so the two engines always
// look at the same grids and buildings: the published generation, or a plan's.
import type { Queryable } from '../db/db.ts';
import type { BuildingInput, GridInput } from '../geometry/coverage.types.ts';
import { currentBuildingsSql, currentGridsSql } from './coverage.sql.ts';

/** `gridsSql` returns key, level, parent_key, geom, worker, households; `buildingsSql` key, geom, households. */
export async function loadSelectedCoverage(db: Queryable, gridsSql: string, buildingsSql: string, params: unknown[] = []): Promise<{ grids: GridInput[]; buildings: BuildingInput[] }> {
  const grids = await db.query<{ key: string; level: number; parent_key: string | null; geometry: string; worker: string | null; households: number }>(
    `select key, level, parent_key, ST_AsGeoJSON(geom, 15) as geometry, worker, households from (${gridsSql}) s order by level, key::bigint`,
    params,
  );
  const buildings = await db.query<{ key: string; lon: number; lat: number; households: number }>(
    `select key, ST_X(geom) as lon, ST_Y(geom) as lat, households from (${buildingsSql}) s order by key::bigint`,
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

export const loadCurrentCoverage = (db: Queryable) => loadSelectedCoverage(db, currentGridsSql, currentBuildingsSql);

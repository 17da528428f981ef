// The published generation as the core's input, for validating it in TypeScript (engine=core) or for
// proposing fixes to it.
import type { Queryable } from '../db/db.ts';
import type { BuildingInput, GridInput } from '../geometry/coverage.types.ts';

export async function loadCurrentCoverage(db: Queryable): Promise<{ grids: GridInput[]; buildings: BuildingInput[] }> {
  const grids = await db.query<{ id: number; level: number; parent_id: number | null; geometry: string; name: string; worker_id: number | null; households: number }>(
    `select id, level, parent_id, ST_AsGeoJSON(geom, 15) geometry, name, worker_id, households from grid where valid_to is null order by level, id`,
  );
  const buildings = await db.query<{ id: number; lon: number; lat: number; households: number }>(
    `select id, ST_X(geom) lon, ST_Y(geom) lat, households from building order by id`,
  );
  return {
    grids: grids.rows.map((r) => ({ id: r.id, level: r.level, parent_id: r.parent_id, geometry: JSON.parse(r.geometry), name: r.name, worker_id: r.worker_id, households: r.households })),
    buildings: buildings.rows,
  };
}

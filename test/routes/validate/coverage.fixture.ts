// Coverages for the validation route tests: GeoJSON in and out, stored as a generation, perturbed.
import type { Db } from '../../../server/db/db.ts';
import type { BuildingInput, GridId, GridInput } from '../../../server/geometry/coverage.types.ts';

export const featureCollection = (grids: GridInput[]) => ({
  type: 'FeatureCollection',
  features: grids.map(({ geometry, ...properties }) => ({ type: 'Feature', properties, geometry })),
});

export const buildingCollection = (buildings: BuildingInput[]) => ({
  type: 'FeatureCollection',
  features: buildings.map((b) => ({ type: 'Feature', properties: { id: b.id, households: b.households }, geometry: { type: 'Point', coordinates: [b.lon, b.lat] } })),
});

/** metres to degrees of longitude at a latitude */
export const metresEast = (m: number, lat: number) => m / (111_320 * Math.cos((lat * Math.PI) / 180));

export function translate(grid: GridInput, dLon: number, dLat = 0): GridInput {
  const move = (ring: number[][]) => ring.map(([x, y]) => [x + dLon, y + dLat]);
  const g = grid.geometry;
  const geometry =
    g.type === 'Polygon' ? { type: 'Polygon' as const, coordinates: g.coordinates.map(move) } : { type: 'MultiPolygon' as const, coordinates: g.coordinates.map((p) => p.map(move)) };
  return { ...grid, geometry };
}

export const shifted = (grids: GridInput[], id: GridId, dLon: number) => grids.map((g) => (g.id === id ? translate(g, dLon) : g));

/** stores a coverage as generation 1 (ids must be positive integers), with its buildings */
export async function storeCoverage(db: Db, grids: GridInput[], buildings: BuildingInput[]): Promise<void> {
  const codes = new Map<GridId, string>();
  const byLevel = [...grids].sort((a, b) => a.level - b.level);
  const seq = new Map<string, number>();
  for (const g of byLevel) {
    const prefix = g.parent_id === null ? '320113001' : codes.get(g.parent_id)!;
    const n = (seq.get(prefix) ?? 0) + 1;
    seq.set(prefix, n);
    codes.set(g.id, prefix + String(n).padStart(3, '0'));
  }
  await db.query(`insert into generation (id, note) values (1, 'validation test') on conflict do nothing`);
  await db.query(
    `insert into grid (id, valid_from, code, name, level, parent_id, geom)
     select id, 1, code, name, level, parent_id, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326))
     from json_to_recordset($1::json) as r(id bigint, code text, name text, level smallint, parent_id bigint, geom text)`,
    [JSON.stringify(byLevel.map((g) => ({ id: g.id, code: codes.get(g.id), name: g.name ?? `grid ${g.id}`, level: g.level, parent_id: g.parent_id, geom: JSON.stringify(g.geometry) })))],
  );
  await db.query(
    `insert into building (id, name, households, geom)
     select id, 'b' || id, households, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
     from json_to_recordset($1::json) as r(id bigint, households integer, lon double precision, lat double precision)`,
    [JSON.stringify(buildings)],
  );
}

// Writing imported buildings: one transaction for the whole file (all or nothing), compounds matched by
// name, the point of a footprint-only building found inside it by PostGIS. Grids keep their household
// and population counts on their rows, so the grids that gain buildings are recounted in the same
// transaction — by the lookup rule, each building counting once, in its deepest grid and that grid's
// ancestors.
import type { Db, Queryable } from '../db/db.ts';
import { placedSql } from '../registry/building.placement.ts';
import type { BuildingInput } from './field.mapping.ts';

export interface BuildingsWritten {
  ids: number[];
  /** compound names in the file that match no compound (the buildings are imported without one) */
  unknownCompounds: string[];
  /** grids whose households/population were recounted */
  recountedGrids: number[];
}

export async function insertBuildings(db: Db, buildings: BuildingInput[]): Promise<BuildingsWritten> {
  return db.transaction(async (tx) => {
    const names = [...new Set(buildings.map((b) => b.compound).filter((c): c is string => c !== null))];
    const compounds = new Map<string, number>();
    if (names.length) {
      const { rows } = await tx.query<{ id: number; name: string }>('select min(id) as id, name from compound where name = any($1::text[]) group by name', [names]);
      for (const r of rows) compounds.set(r.name, Number(r.id));
    }
    const rows = buildings.map((b) => ({
      name: b.name, address: b.address, compound_id: b.compound === null ? null : (compounds.get(b.compound) ?? null), kind: b.kind,
      floors: b.floors, households: b.households, population: b.population, point: b.point, footprint: b.footprint,
    }));
    const { rows: inserted } = await tx.query<{ id: number }>(
      `insert into building (name, address, compound_id, kind, floors, households, population, geom, footprint)
       select r.name, r.address, r.compound_id, r.kind, r.floors, r.households, r.population,
              coalesce(ST_SetSRID(ST_GeomFromGeoJSON(r.point), 4326), ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(r.footprint), 4326))),
              ST_SetSRID(ST_GeomFromGeoJSON(r.footprint), 4326)
         from json_to_recordset($1::json) as r(name text, address text, compound_id bigint, kind text, floors smallint,
              households integer, population integer, point text, footprint text)
       returning id`,
      [JSON.stringify(rows.map((r) => ({ ...r, point: r.point && JSON.stringify(r.point), footprint: r.footprint && JSON.stringify(r.footprint) })))],
    );
    const ids = inserted.map((r) => Number(r.id));
    return { ids, unknownCompounds: names.filter((n) => !compounds.has(n)), recountedGrids: await recountGridsOf(tx, ids) };
  });
}

/** Recounts the current grids holding these buildings (and their ancestors) from every building they hold. */
export async function recountGridsOf(tx: Queryable, buildingIds: number[]): Promise<number[]> {
  if (!buildingIds.length) return [];
  const { rows } = await tx.query<{ id: number }>(
    `with recursive up(id) as (
       select g.id from grid g join building b on ST_Intersects(g.geom, b.geom)
        where g.valid_to is null and b.id = any($1::bigint[])
       union
       select g.parent_id from grid g join up on g.id = up.id where g.valid_to is null and g.parent_id is not null
     ),
     placed as (${placedSql('(select array_agg(id) from up)')}),
     chain(building_id, grid_id) as (
       select building_id, grid_id from placed
       union all
       select c.building_id, g.parent_id from chain c join grid g on g.id = c.grid_id and g.valid_to is null where g.parent_id is not null
     ),
     totals as (
       select up.id, coalesce(sum(b.households), 0)::integer as households, coalesce(sum(b.population), 0)::integer as population
         from up left join chain c on c.grid_id = up.id left join building b on b.id = c.building_id
        group by up.id
     )
     update grid g set households = t.households, population = t.population
       from totals t where g.id = t.id and g.valid_to is null
     returning g.id`,
    [buildingIds],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

// The grid of a building (and so of its households and residents): the deepest current grid that
// contains the building's point, by the lookup rule — deepest level, then interior over boundary, then
// the lowest code (server/grids/lookup.rule.ts) — written here as DISTINCT ON so listings stay one query.
import type { Queryable } from '../db/db.ts';

/**
 * A CTE body: building_id → grid_id for buildings that intersect one of the grids in `gridsParam`
 * (a bigint[] parameter; null = every building). Buildings outside every grid get no row.
 */
export const placedSql = (gridsParam: string) => `
  select distinct on (b.id) b.id as building_id, g.id as grid_id
    from building b
    join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
   where ${gridsParam}::bigint[] is null
      or exists (select 1 from grid s where s.valid_to is null and s.id = any(${gridsParam}::bigint[]) and ST_Intersects(s.geom, b.geom))
   order by b.id, g.level desc, ST_Contains(g.geom, b.geom) desc, g.code`;

/** The same rule for compounds (驻区单位 compounds in the unit ledger), at a point inside each. */
export const placedCompoundsSql = (gridsParam: string) => `
  select distinct on (c.id) c.id as compound_id, g.id as grid_id
    from (select id, ST_PointOnSurface(geom) as p from compound where geom is not null and not ST_IsEmpty(geom)) c
    join grid g on g.valid_to is null and ST_Intersects(g.geom, c.p)
   where ${gridsParam}::bigint[] is null
      or exists (select 1 from grid s where s.valid_to is null and s.id = any(${gridsParam}::bigint[]) and ST_Intersects(s.geom, c.p))
   order by c.id, g.level desc, ST_Contains(g.geom, c.p) desc, g.code`;

/** building id → its grid id (null outside every grid) for the given buildings */
export async function placeBuildings(db: Queryable, buildingIds: number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>(buildingIds.map((id) => [id, null]));
  if (!buildingIds.length) return out;
  const { rows } = await db.query<{ building_id: number; grid_id: number }>(
    `select distinct on (b.id) b.id as building_id, g.id as grid_id
       from building b join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
      where b.id = any($1::bigint[])
      order by b.id, g.level desc, ST_Contains(g.geom, b.geom) desc, g.code`,
    [buildingIds],
  );
  for (const r of rows) out.set(Number(r.building_id), Number(r.grid_id));
  return out;
}

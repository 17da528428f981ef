// Split a grid by a line across it, merge adjacent siblings, move buildings or a compound to a
// neighbouring grid. GEOS does the cutting (the same on both backends); children follow their parent:
// a child the line crosses is split by the same line, and each piece goes to the parent piece it lies in.
import type { LineString } from 'geojson';
import type { Queryable } from '../db/db.ts';
import { unprocessable } from '../plugins/errors.plugin.ts';
import type { Plan, PlanGridRow } from './plan.types.ts';
import { assertReshapable, childRows, gridRow, newGridId, nextCode, stale } from './plan.store.ts';

function checkedLine(line: LineString): string {
  const ok = line?.type === 'LineString' && Array.isArray(line.coordinates) && line.coordinates.length >= 2
    && line.coordinates.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90);
  if (!ok) throw unprocessable('line must be a GeoJSON LineString of at least two [lon, lat] positions');
  return JSON.stringify(line);
}

/** Splits a grid; the largest piece keeps its id. Returns every grid that changed or was created. */
export async function splitGrid(tx: Queryable, plan: Plan, gridId: number, line: LineString, version?: number): Promise<number[]> {
  const row = await gridRow(tx, plan.id, gridId);
  if (version !== undefined && row.version !== version) throw await stale(tx, plan.id, [gridId]);
  assertReshapable(plan, gridId);
  const changed = await splitRow(tx, plan, row, checkedLine(line));
  if (changed.length < 2) throw unprocessable(`the line does not cut grid ${gridId} in two: draw it across the grid, from outside to outside`);
  return changed;
}

async function splitRow(tx: Queryable, plan: Plan, row: PlanGridRow, line: string): Promise<number[]> {
  const { rows: pieces } = await tx.query<{ geom: string }>(
    `select ST_AsHexEWKB(ST_Multi(d.geom)) as geom
       from plan_grid pg, ST_Dump(ST_CollectionExtract(ST_Split(pg.geom, ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326)), 3)) d
      where pg.plan_id = $1 and pg.id = $2 and ST_Area(d.geom::geography) >= 1
      order by ST_Area(d.geom) desc`,
    [plan.id, row.id, line],
  );
  if (pieces.length < 2) return [];
  await tx.query('update plan_grid set geom = $3::geometry, version = version + 1 where plan_id = $1 and id = $2', [plan.id, row.id, pieces[0].geom]);
  const pieceIds = [row.id];
  const parent = row.parent_id === null ? null : await gridRow(tx, plan.id, row.parent_id);
  for (const [k, piece] of pieces.slice(1).entries()) {
    const id = await newGridId(tx);
    const code = parent ? await nextCode(tx, plan.id, parent) : `${row.code.slice(0, 9)}${String(900 + k).padStart(3, '0')}`;
    await tx.query(
      `insert into plan_grid (plan_id, id, code, name, level, parent_id, geom, worker_id)
       values ($1, $2, $3, $4, $5, $6, $7::geometry, null)`,
      [plan.id, id, code, `${row.name}（${k + 2}）`, row.level, row.parent_id, piece.geom],
    );
    pieceIds.push(id);
  }
  const ids = [...pieceIds];
  for (const child of await childRows(tx, plan.id, row.id)) {
    const childIds = await splitRow(tx, plan, child, line);
    ids.push(...(childIds.length ? childIds : [child.id]));
    await reparentByLocation(tx, plan.id, childIds.length ? childIds : [child.id], pieceIds);
  }
  return ids;
}

/** Each of `children` goes to the candidate parent that holds most of it. */
async function reparentByLocation(tx: Queryable, planId: number, children: number[], parents: number[]): Promise<void> {
  await tx.query(
    `update plan_grid c set parent_id = (
        select p.id from plan_grid p where p.plan_id = $1 and p.id = any($3::bigint[])
         order by ST_Area(ST_Intersection(p.geom, ST_PointOnSurface(c.geom))) desc,
                  ST_Area(ST_Intersection(p.geom, c.geom)) desc limit 1),
        version = c.version + 1
      where c.plan_id = $1 and c.id = any($2::bigint[])`,
    [planId, children, parents],
  );
  await recodeMoved(tx, planId, children);
}

/** A grid's code extends its parent's: children that changed parent get the next code under the new one. */
async function recodeMoved(tx: Queryable, planId: number, ids: number[]): Promise<void> {
  const { rows } = await tx.query<{ id: number; parent_id: number }>(
    `select c.id, c.parent_id from plan_grid c join plan_grid p on p.plan_id = c.plan_id and p.id = c.parent_id
      where c.plan_id = $1 and c.id = any($2::bigint[]) and not c.deleted and left(c.code, length(p.code)) <> p.code order by c.code`,
    [planId, ids],
  );
  for (const r of rows) {
    const code = await nextCode(tx, planId, await gridRow(tx, planId, Number(r.parent_id)));
    await tx.query('update plan_grid set code = $3 where plan_id = $1 and id = $2', [planId, r.id, code]);
  }
}

/** Merges siblings that share a border; the first keeps its id, the others are removed, their children move. */
export async function mergeGrids(tx: Queryable, plan: Plan, gridIds: number[]): Promise<{ kept: number; removed: number[] }> {
  if (gridIds.length < 2 || new Set(gridIds).size !== gridIds.length) throw unprocessable('grid_ids must name at least two different grids');
  const rows: PlanGridRow[] = [];
  for (const id of gridIds) {
    assertReshapable(plan, id);
    rows.push(await gridRow(tx, plan.id, id));
  }
  if (new Set(rows.map((r) => r.parent_id)).size > 1) throw unprocessable('only siblings (grids with the same parent) can be merged');
  await assertConnected(tx, plan.id, gridIds);
  const [kept, ...removed] = gridIds;
  await tx.query(
    `update plan_grid set version = version + 1,
            geom = (select ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom), 1e-9), 3)) from plan_grid where plan_id = $1 and id = any($2::bigint[]))
      where plan_id = $1 and id = $3`,
    [plan.id, gridIds, kept],
  );
  await tx.query('update plan_grid set deleted = true, version = version + 1 where plan_id = $1 and id = any($2::bigint[])', [plan.id, removed]);
  const { rows: moved } = await tx.query<{ id: number }>(
    'update plan_grid set parent_id = $3, version = version + 1 where plan_id = $1 and parent_id = any($2::bigint[]) and not deleted returning id',
    [plan.id, removed, kept],
  );
  await recodeMoved(tx, plan.id, moved.map((r) => Number(r.id)));
  return { kept, removed };
}

/** Grids that only touch at a point, or not at all, would merge into a grid in pieces: refused. */
async function assertConnected(tx: Queryable, planId: number, ids: number[]): Promise<void> {
  const { rows } = await tx.query<{ a: number; b: number }>(
    `select a.id as a, b.id as b from plan_grid a join plan_grid b on a.plan_id = b.plan_id and a.id < b.id
      where a.plan_id = $1 and a.id = any($2::bigint[]) and b.id = any($2::bigint[])
        and ST_Relate(a.geom, b.geom, 'F***1****')`,
    [planId, ids],
  );
  const reached = new Set([ids[0]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { a, b } of rows) {
      if (reached.has(Number(a)) !== reached.has(Number(b))) {
        reached.add(Number(a)).add(Number(b));
        grew = true;
      }
    }
  }
  const apart = ids.filter((id) => !reached.has(id));
  if (apart.length) throw unprocessable(`grids ${apart.join(', ')} share no border with the others: only adjacent grids can be merged`);
}

export interface Reassignment {
  to_grid_id: number;
  building_ids?: number[];
  compound_id?: number;
}

/**
 * Moves buildings (each with the Voronoi cell around it in its grid) or a whole compound (its polygon) to
 * a neighbouring grid: the area leaves the target's siblings and their descendants and joins the target
 * (and, below it, the target's child that borders it most).
 */
export async function reassign(tx: Queryable, plan: Plan, input: Reassignment): Promise<number[]> {
  const target = await gridRow(tx, plan.id, input.to_grid_id);
  assertReshapable(plan, target.id);
  const region = await regionOf(tx, plan.id, target, input);
  const { rows: adjacent } = await tx.query<{ ok: boolean }>(
    `select ST_Intersects(ST_Buffer(geom, 1e-7), $3::geometry) as ok from plan_grid where plan_id = $1 and id = $2`,
    [plan.id, target.id, region],
  );
  if (!adjacent[0]?.ok) throw unprocessable(`what is moved does not border grid ${target.id}: move it to a neighbouring grid`);
  // emptied grids and collapsed slivers are refused or dropped below; the region itself is polygons only
  return moveRegion(tx, plan.id, target, region);
}

async function regionOf(tx: Queryable, planId: number, target: PlanGridRow, input: Reassignment): Promise<string> {
  const parentClip = `(select geom from plan_grid where plan_id = $1 and id = $2)`;
  if (input.compound_id !== undefined) {
    const { rows } = await tx.query<{ geom: string | null }>(
      `select ST_AsHexEWKB(ST_CollectionExtract(ST_Intersection(c.geom, coalesce(${parentClip}, c.geom), 1e-9), 3)) as geom from compound c where c.id = $3 and c.geom is not null`,
      [planId, target.parent_id ?? -1, input.compound_id],
    );
    if (!rows[0]?.geom) throw unprocessable(`compound ${input.compound_id} does not exist or has no outline`);
    return rows[0].geom;
  }
  const ids = input.building_ids ?? [];
  if (!ids.length) throw unprocessable('name building_ids or a compound_id to move');
  // Each building's share of its grid: the Voronoi cell of its point among the buildings of that grid.
  const { rows } = await tx.query<{ geom: string | null; missing: number }>(
    `with chosen as (select b.id, b.geom from building b where b.id = any($2::bigint[])),
          home as (select distinct on (c.id) c.id, g.id as grid_id, g.geom as grid_geom from chosen c
                     join plan_grid g on g.plan_id = $1 and not g.deleted and g.level = $3 and ST_Intersects(g.geom, c.geom)
                    order by c.id, g.code),
          cells as (select h.grid_id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(b.geom), 0, ST_Envelope(h.grid_geom)))).geom as cell, h.grid_geom
                      from (select distinct grid_id, grid_geom from home) h join building b on ST_Intersects(h.grid_geom, b.geom)
                     group by h.grid_id, h.grid_geom)
     select ST_AsHexEWKB(ST_CollectionExtract(ST_Union(ST_Intersection(cells.cell, cells.grid_geom, 1e-9), 1e-9), 3)) as geom,
            ($4::int - (select count(*) from home))::int as missing
       from cells join chosen c on ST_Intersects(cells.cell, c.geom)`,
    [planId, ids, target.level, ids.length],
  );
  if (!rows[0]?.geom || rows[0].missing > 0) throw unprocessable('some of building_ids do not exist or lie in no grid of this plan at the target level');
  return rows[0].geom;
}

async function moveRegion(tx: Queryable, planId: number, target: PlanGridRow, region: string): Promise<number[]> {
  const { rows: losers } = await tx.query<{ id: number; emptied: boolean }>(
    `update plan_grid set geom = ST_Multi(ST_CollectionExtract(ST_Difference(geom, $3::geometry, 1e-9), 3)), version = version + 1
      where plan_id = $1 and not deleted and id <> $2 and level = $4
        and ($5::bigint is null or parent_id = $5) and ST_Intersects(geom, $3::geometry)
        and ST_Area(ST_Intersection(geom, $3::geometry)::geography) > 0.01
     returning id, ST_IsEmpty(geom) as emptied`,
    [planId, target.id, region, target.level, target.parent_id],
  );
  const emptied = losers.filter((r) => r.emptied).map((r) => r.id);
  if (emptied.length) throw unprocessable(`grid ${emptied.join(', ')} would be left empty: merge it into grid ${target.id} instead`);
  await tx.query(
    `update plan_grid set geom = ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geom, $3::geometry), 1e-9), 3)), version = version + 1 where plan_id = $1 and id = $2`,
    [planId, target.id, region],
  );
  const changed = [target.id, ...losers.map((r) => Number(r.id))];
  const children = await childRows(tx, planId, target.id);
  if (children.length) {
    // below the target: the region leaves the losers' children and joins the target's child bordering it most
    const { rows } = await tx.query<{ id: number }>(
      `select c.id from plan_grid c where c.plan_id = $1 and c.id = any($2::bigint[])
        order by ST_Length(ST_Intersection(ST_Boundary(c.geom), ST_Boundary($3::geometry))) desc limit 1`,
      [planId, children.map((c) => c.id), region],
    );
    const heir = await gridRow(tx, planId, Number(rows[0].id));
    changed.push(...(await moveRegion(tx, planId, { ...heir, parent_id: null }, region)));
  }
  return changed;
}

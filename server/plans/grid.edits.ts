// Edits of one or a few grids of a plan: reshape (with the version it was made against), draw a new grid
// clipped to its parent and siblings, delete. Each returns the ids it changed; the repository runs it in
// one transaction, recounts households and answers with the features.
import type { Queryable } from '../db/db.ts';
import { conflict, unprocessable } from '../plugins/errors.plugin.ts';
import type { GridChange, GridGeometry, Plan } from './plan.types.ts';
import {
  assertReshapable,
  checkedGeometry,
  childRows,
  geomFromJson,
  gridRow,
  newGridId,
  nextCode,
  nodeNeighbours,
  stale,
} from './plan.store.ts';

/** Several grids changed as one step (a shared vertex moves in all its grids): all or none. */
export async function applyChanges(tx: Queryable, plan: Plan, changes: GridChange[]): Promise<number[]> {
  const ids = changes.map((c) => c.id);
  if (new Set(ids).size !== ids.length) throw unprocessable('each grid may appear once in a change');
  const staleIds: number[] = [];
  for (const change of changes) {
    const row = await gridRow(tx, plan.id, change.id);
    if (row.version !== change.version) staleIds.push(change.id);
  }
  if (staleIds.length) throw await stale(tx, plan.id, staleIds);
  for (const change of changes) {
    if (change.geometry !== undefined) assertReshapable(plan, change.id);
    const geometry = change.geometry === undefined ? null : checkedGeometry(change.geometry, `grid ${change.id}`);
    await tx.query(
      `update plan_grid set version = version + 1,
              geom = coalesce(${geomFromJson('$3')}, geom),
              name = coalesce($4, name), code = coalesce($5, code),
              worker_id = case when $6::boolean then $7::bigint else worker_id end
        where plan_id = $1 and id = $2`,
      [plan.id, change.id, geometry, change.name ?? null, change.code ?? null, change.worker_id !== undefined, change.worker_id ?? null],
    );
  }
  return ids;
}

export interface NewGrid {
  parent_id: number;
  geometry: GridGeometry;
  name?: string;
  code?: string;
  worker_id?: number | null;
}

// Overlays on a 1e-9° grid (the core's snap distance): GEOS's fixed-precision overlay cannot fail on the
// near-coincident edges a drawn grid has with its siblings, where floating overlay throws.
const gridSize = '1e-9';

/** A grid drawn inside a parent: clipped to the parent and cut by its siblings, so it cannot overlap. */
export async function addClippedGrid(tx: Queryable, plan: Plan, input: NewGrid): Promise<number[]> {
  const parent = await gridRow(tx, plan.id, input.parent_id);
  if (parent.level >= 5) throw unprocessable(`grid ${parent.id} is at level 5, the deepest: it cannot have children`);
  const drawn = checkedGeometry(input.geometry, 'the new grid');
  const { rows } = await tx.query<{ geom: string | null; area: number }>(
    `with clipped as (
       select ST_Difference(ST_Intersection(${geomFromJson('$3')}, p.geom, ${gridSize}),
                            coalesce((select ST_Union(s.geom, ${gridSize}) from plan_grid s where s.plan_id = $1 and s.parent_id = $2 and not s.deleted),
                                     'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry), ${gridSize}) as g
         from plan_grid p where p.plan_id = $1 and p.id = $2),
     parts as (select (ST_Dump(ST_CollectionExtract(g, 3))).geom as part from clipped)
     select ST_AsHexEWKB(ST_Multi(ST_Union(part))) as geom, coalesce(sum(ST_Area(part::geography)), 0) as area
       from parts where ST_Area(part::geography) >= 1`,
    [plan.id, parent.id, drawn],
  );
  if (!rows[0]?.geom) throw unprocessable(`the drawn grid lies outside grid ${parent.id} or entirely in its siblings: nothing is left after clipping`);
  const id = await newGridId(tx);
  const code = input.code ?? (await nextCode(tx, plan.id, parent));
  await tx.query(
    `insert into plan_grid (plan_id, id, code, name, level, parent_id, geom, worker_id)
     values ($1, $2, $3, $4, $5, $6, $7::geometry, $8)`,
    [plan.id, id, code, input.name ?? `${parent.name}·${code.slice(-3)}`, parent.level + 1, parent.id, rows[0].geom, input.worker_id ?? null],
  );
  return [id, ...(await nodeNeighbours(tx, plan.id, [id]))];
}

export async function deleteGrid(tx: Queryable, plan: Plan, gridId: number, version: number): Promise<void> {
  const row = await gridRow(tx, plan.id, gridId);
  if (row.version !== version) throw await stale(tx, plan.id, [gridId]);
  assertReshapable(plan, gridId);
  const children = await childRows(tx, plan.id, gridId);
  if (children.length) throw conflict(`grid ${gridId} still has ${children.length} children: merge, move or delete them first`);
  await tx.query('update plan_grid set deleted = true, version = version + 1 where plan_id = $1 and id = $2', [plan.id, gridId]);
}

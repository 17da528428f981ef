// Grids that arrive whole (an import, an auto-partition proposal): inserted as they are, no clipping —
// the plan's validation reports whatever they bring. A batch may name parents by code, its own or the plan's.
import type { Queryable } from '../db/db.ts';
import { unprocessable } from '../plugins/errors.plugin.ts';
import { prepareGeometry } from '../geometry/polygon.validate.ts';
import type { Plan, PlanGridInput, PlanGridRow } from './plan.types.ts';
import { assertReshapable, geomFromJson, gridRow, newGridId, nextCode } from './plan.store.ts';

export async function insertGrids(tx: Queryable, plan: Plan, grids: PlanGridInput[]): Promise<number[]> {
  const problems = grids.flatMap((g, index) => {
    const { validity } = prepareGeometry(g.geometry);
    return validity.valid ? [] : [{ index, code: g.code ?? null, reason: validity.reason }];
  });
  if (problems.length) throw unprocessable(`${problems.length} of ${grids.length} grids have invalid geometry; nothing was added`, { problems });
  const byCode = new Map<string, PlanGridRow>();
  const ids: number[] = [];
  for (const [index, grid] of grids.entries()) {
    const parent = await parentOf(tx, plan, grid, byCode, index);
    const level = parent ? parent.level + 1 : (grid.level ?? 1);
    if (grid.level !== undefined && grid.level !== level)
      throw unprocessable(`grid ${index} (${grid.code ?? grid.name}): level ${grid.level} does not sit under its parent at level ${parent?.level ?? 'none'}`);
    if (level > 5) throw unprocessable(`grid ${index} (${grid.code ?? grid.name}) would be at level ${level}; the deepest is 5`);
    if (!parent && !grid.code) throw unprocessable(`grid ${index} (${grid.name}) has no parent: a top-level grid needs its 12-digit code`);
    const id = await newGridId(tx);
    const code = grid.code ?? (await nextCode(tx, plan.id, parent!));
    await tx.query(
      `insert into plan_grid (plan_id, id, code, name, level, parent_id, geom, worker_id)
       values ($1, $2, $3, $4, $5, $6, ${geomFromJson('$7')}, $8)`,
      [plan.id, id, code, grid.name, level, parent?.id ?? null, JSON.stringify(grid.geometry), grid.worker_id ?? null],
    );
    byCode.set(code, { id, version: 1, base_from: null, code, name: grid.name, level, parent_id: parent?.id ?? null, worker_id: grid.worker_id ?? null });
    ids.push(id);
  }
  return ids;
}

async function parentOf(tx: Queryable, plan: Plan, grid: PlanGridInput, batch: Map<string, PlanGridRow>, index: number): Promise<PlanGridRow | null> {
  if (grid.parent_id !== undefined && grid.parent_id !== null) return gridRow(tx, plan.id, grid.parent_id);
  if (grid.parent_code === undefined) return null;
  const inBatch = batch.get(grid.parent_code);
  if (inBatch) return inBatch;
  const { rows } = await tx.query<{ id: number }>('select id from plan_grid where plan_id = $1 and code = $2 and not deleted', [plan.id, grid.parent_code]);
  if (!rows[0]) throw unprocessable(`grid ${index} (${grid.code ?? grid.name}): no grid with parent code ${grid.parent_code} in this plan or before it in the file`);
  return gridRow(tx, plan.id, Number(rows[0].id));
}

/**
 * Replaces the children of a parent (auto-partition): every child not in `keep` (the locked ones) is
 * removed with its descendants, then the new grids are added under the parent — with the worker of the
 * old grid they overlap most, and the old grids' children cut along the new lines beneath them.
 */
export async function replaceChildren(tx: Queryable, plan: Plan, parentId: number, grids: PlanGridInput[], keep: number[]): Promise<number[]> {
  await gridRow(tx, plan.id, parentId);
  for (const id of keep) {
    const row = await gridRow(tx, plan.id, id);
    if (row.parent_id !== parentId) throw unprocessable(`locked grid ${id} is not a child of grid ${parentId}`);
  }
  const { rows } = await tx.query<{ id: number; parent_id: number }>(
    `with recursive doomed as (
       select id from plan_grid where plan_id = $1 and parent_id = $2 and not deleted and not id = any($3::bigint[])
       union all
       select c.id from plan_grid c join doomed d on c.parent_id = d.id where c.plan_id = $1 and not c.deleted)
     update plan_grid set deleted = true, version = version + 1 where plan_id = $1 and id in (select id from doomed)
     returning id, parent_id`,
    [plan.id, parentId, keep],
  );
  for (const r of rows) assertReshapable(plan, Number(r.id));
  const replaced = rows.filter((r) => Number(r.parent_id) === parentId).map((r) => Number(r.id));
  const ids = await insertGrids(tx, plan, grids.map((g) => ({ ...g, parent_id: parentId, parent_code: undefined })));
  await inheritWorkers(tx, plan.id, replaced, ids);
  return [...ids, ...(await inheritGroups(tx, plan, replaced, ids))];
}

/** Each new grid keeps the worker of the replaced grid it overlaps most: the people stay, the lines move. */
async function inheritWorkers(tx: Queryable, planId: number, replaced: number[], ids: number[]): Promise<void> {
  await tx.query(
    `update plan_grid n set worker_id = (
        select o.worker_id from plan_grid o
         where o.plan_id = $1 and o.id = any($2::bigint[]) and o.worker_id is not null and ST_Intersects(o.geom, n.geom)
         order by ST_Area(ST_Intersection(o.geom, n.geom, 1e-9)) desc limit 1)
      where n.plan_id = $1 and n.id = any($3::bigint[]) and n.worker_id is null`,
    [planId, replaced, ids],
  );
}

/**
 * The replaced grids' own children (building groups) are cut by the new grids and put under them, so the
 * level below stays whole: every new grid is covered by the pieces of the groups it overlaps.
 */
async function inheritGroups(tx: Queryable, plan: Plan, replaced: number[], ids: number[]): Promise<number[]> {
  // Pieces under 1 m² (where an old line grazes a new one) join the piece beside them with the longest
  // shared border instead of becoming slivers of their own — or gaps, if they were dropped. One statement:
  // the new grids have no children yet, so their groups are numbered 001, 002, … under each.
  const { rows } = await tx.query<{ id: number }>(
    `with old as (select id, code, name, worker_id, geom from plan_grid where plan_id = $1 and parent_id = any($2::bigint[]) and deleted),
          new as (select id, geom from plan_grid where plan_id = $1 and id = any($3::bigint[])),
          -- most groups lie inside one new grid whole: a cheap predicate spares them the costly overlay
          whole as (select g.id as gid, n.id as nid from old g join new n on g.geom && n.geom and ST_Covers(n.geom, g.geom)),
          pieces as (
            select row_number() over () as k, p.* from (
              select w.nid, g.code, g.name, g.worker_id, g.geom from whole w join old g on g.id = w.gid
              union all
              select n.id, g.code, g.name, g.worker_id, ST_CollectionExtract(ST_Intersection(g.geom, n.geom, 1e-9), 3)
                from old g join new n on g.geom && n.geom and ST_Intersects(g.geom, n.geom)
               where g.id not in (select gid from whole)) p),
     big as (select * from pieces where ST_Area(geom::geography) >= 1),
     small as (select p.k, p.nid, d.geom from pieces p, ST_Dump(p.geom) d where ST_Area(p.geom::geography) < 1),
     heir as (select distinct on (s.k, s.geom) s.geom, b.k as big_k from small s join big b on b.nid = s.nid and ST_Intersects(b.geom, s.geom)
               order by s.k, s.geom, ST_Length(ST_Intersection(ST_Boundary(b.geom), ST_Boundary(s.geom))) desc),
     merged as (
       select b.nid, b.code, b.name, b.worker_id,
              case when not exists (select 1 from heir h where h.big_k = b.k) then ST_Multi(b.geom)
                   else ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(b.geom, (select ST_Union(h.geom) from heir h where h.big_k = b.k)), 1e-9), 3)) end as geom
         from big b)
     insert into plan_grid (plan_id, id, code, name, level, parent_id, geom, worker_id)
     select $1, nextval('grid_id_seq'), p.code || lpad((row_number() over (partition by m.nid order by m.code))::text, 3, '0'),
            m.name, p.level + 1, m.nid, m.geom, m.worker_id
       from merged m join plan_grid p on p.plan_id = $1 and p.id = m.nid
     returning id`,
    [plan.id, replaced, ids],
  );
  return rows.map((r) => Number(r.id));
}

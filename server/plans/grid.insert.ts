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
 * removed with its descendants, then the new grids are added under the parent.
 */
export async function replaceChildren(tx: Queryable, plan: Plan, parentId: number, grids: PlanGridInput[], keep: number[]): Promise<number[]> {
  await gridRow(tx, plan.id, parentId);
  for (const id of keep) {
    const row = await gridRow(tx, plan.id, id);
    if (row.parent_id !== parentId) throw unprocessable(`locked grid ${id} is not a child of grid ${parentId}`);
  }
  const { rows } = await tx.query<{ id: number }>(
    `with recursive doomed as (
       select id from plan_grid where plan_id = $1 and parent_id = $2 and not deleted and not id = any($3::bigint[])
       union all
       select c.id from plan_grid c join doomed d on c.parent_id = d.id where c.plan_id = $1 and not c.deleted)
     update plan_grid set deleted = true, version = version + 1 where plan_id = $1 and id in (select id from doomed) returning id`,
    [plan.id, parentId, keep],
  );
  for (const r of rows) assertReshapable(plan, Number(r.id));
  return insertGrids(tx, plan, grids.map((g) => ({ ...g, parent_id: parentId, parent_code: undefined })));
}

// Which grids an account may see (row-level access, beside the route-level roles). A grid worker sees
// the current grids whose worker is their staff row, and every grid below those; every other role
// sees the whole district (the routes decide which roles reach personal data at all).
import type { Queryable } from '../db/db.ts';
import type { AuthUser } from './access.rule.ts';
import { HttpError } from '../plugins/errors.plugin.ts';

/** grids: ids of current grids; a grid worker without grids has an empty list and sees nothing */
export type GridScope = { all: true } | { all: false; grids: number[] };

const subtreeSql = `with recursive tree(id) as (
    select id from grid where valid_to is null and id = any($1::bigint[])
    union
    select g.id from grid g join tree t on g.parent_id = t.id where g.valid_to is null
  ) select id from tree order by id`;

export async function gridScopeOf(db: Queryable, user: AuthUser): Promise<GridScope> {
  if (user.role !== 'grid_worker') return { all: true };
  if (user.staff_id == null) return { all: false, grids: [] };
  const own = await db.query<{ id: number }>('select id from grid where valid_to is null and worker_id = $1', [user.staff_id]);
  return { all: false, grids: await subtreeOf(db, own.rows.map((r) => Number(r.id))) };
}

/** the grids themselves and all their current descendants */
export async function subtreeOf(db: Queryable, gridIds: number[]): Promise<number[]> {
  if (!gridIds.length) return [];
  return (await db.query<{ id: number }>(subtreeSql, [gridIds])).rows.map((r) => Number(r.id));
}

export const inScope = (scope: GridScope, gridId: number | null): boolean => scope.all || (gridId !== null && scope.grids.includes(gridId));

/**
 * The grids a listing covers: `grid` and its descendants when asked for (403 outside the scope, 404
 * when no such current grid), else the whole scope; null means every grid, and buildings outside all.
 */
export async function gridsToList(db: Queryable, scope: GridScope, grid: number | undefined): Promise<number[] | null> {
  if (grid === undefined) return scope.all ? null : scope.grids;
  const exists = await db.query('select 1 from grid where id = $1 and valid_to is null', [grid]);
  if (!exists.rows.length) throw new HttpError(404, `grid ${grid} does not exist in the current generation`);
  if (!inScope(scope, grid)) throw new HttpError(403, `grid ${grid} is not one of your grids`);
  return subtreeOf(db, [grid]);
}

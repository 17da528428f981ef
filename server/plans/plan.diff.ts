// What a plan changes against the published generation: grids added, removed, changed, and the
// buildings (with their households) that would move from one deepest grid to another.
import type { Queryable } from '../db/db.ts';
import { changedSql, touchedSql } from './plan.store.ts';
import type { PlanDiff } from './plan.types.ts';

export async function planDiff(db: Queryable, planId: number): Promise<PlanDiff> {
  const { rows } = await db.query<{ id: number; kind: 'added' | 'removed' | 'changed' }>(
    `select pg.id, case when pg.base_from is null then 'added' when pg.deleted then 'removed' else 'changed' end as kind
       from plan_grid pg where pg.plan_id = $1 and ${touchedSql} and not (pg.base_from is null and pg.deleted)
      order by pg.level, pg.code`,
    [planId],
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => Number(r.id));
  return { added: of('added'), removed: of('removed'), changed: of('changed'), moves: await householdMoves(db, planId) };
}

/** Only buildings under a touched grid (old or new outline) can move: the rest are not looked at. */
async function householdMoves(db: Queryable, planId: number): Promise<PlanDiff['moves']> {
  const { rows } = await db.query<PlanDiff['moves'][number]>(
    `with touched as (
        select pg.geom from plan_grid pg where pg.plan_id = $1 and ${touchedSql}
        union all
        select g.geom from plan_grid pg join grid g on g.id = pg.id and g.valid_from = pg.base_from
         where pg.plan_id = $1 and (pg.deleted or ${changedSql})),
      b as (select distinct b.id, b.households, b.geom from building b join touched t on b.geom && t.geom and ST_Intersects(b.geom, t.geom)),
      published as (select distinct on (b.id) b.id, g.id as grid from b join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
                     order by b.id, g.level desc, g.code),
      planned as (select distinct on (b.id) b.id, pg.id as grid from b join plan_grid pg on pg.plan_id = $1 and not pg.deleted and ST_Intersects(pg.geom, b.geom)
                   order by b.id, pg.level desc, pg.code)
     select published.grid as "from", planned.grid as "to", count(*)::int as buildings, coalesce(sum(b.households), 0)::int as households
       from b left join published using (id) left join planned using (id)
      where published.grid is distinct from planned.grid
      group by 1, 2 order by households desc`,
    [planId],
  );
  return rows.map((r) => ({ ...r, from: r.from === null ? null : Number(r.from), to: r.to === null ? null : Number(r.to) }));
}

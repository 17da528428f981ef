// Plans as the rest of the server sees them (`app.plans`): the one write path for grid drafts. Every edit
// runs in one transaction on a draft plan, recounts the households of what it touched, is written to the
// audit log with a note, and answers with the features as they are now (with their new versions).
import type { Feature, FeatureCollection, LineString } from 'geojson';
import type { Db, Queryable } from '../db/db.ts';
import type { Actor, AuditRepository } from '../auth/audit.repository.ts';
import { notFound, unprocessable } from '../plugins/errors.plugin.ts';
import type { ValidationOptions } from '../geometry/coverage.types.ts';
import { proposeFixes } from '../geometry/coverage.fix.ts';
import type { GridChange, Plan, PlanGridInput } from './plan.types.ts';
import { draftPlan, featureSql, features, findPlan, planColumns, recount, touchPlan, translateWriteErrors } from './plan.store.ts';
import { addClippedGrid, applyChanges, deleteGrid, type NewGrid } from './grid.edits.ts';
import { mergeGrids, reassign, splitGrid, type Reassignment } from './grid.split-merge.ts';
import { insertGrids, replaceChildren } from './grid.insert.ts';
import { planDiff } from './plan.diff.ts';
import { loadPlanCoverage, validatePlan, type Engine } from './plan.validate.ts';
import { publishPlan, type PublishInput } from './plan.publish.ts';

export interface PlanFilter {
  level?: number;
  parent?: number;
}

export function planRepository(db: Db, audit: AuditRepository) {
  /** One edit: a transaction on a draft plan, the touched grids recounted, an audit entry with the note. */
  async function edit<T extends { ids: number[] }>(planId: number, actor: Actor, note: string, fn: (tx: Queryable, plan: Plan) => Promise<T>) {
    return translateWriteErrors(() =>
      db.transaction(async (tx) => {
        const plan = await draftPlan(tx, planId);
        const result = await fn(tx, plan);
        const ids = [...new Set(result.ids)];
        await recount(tx, planId, ids);
        await touchPlan(tx, planId);
        await audit.write(actor, [{ action: 'plan_edit', entity: 'plan', entity_id: planId, detail: { note, grids: ids } }], tx);
        return { ...result, features: await features(tx, planId, ids) };
      }),
    );
  }

  async function list(): Promise<Plan[]> {
    const { rows } = await db.query<Plan>(`select ${planColumns} from plan order by updated_at desc, id desc`);
    return rows;
  }

  /** Opens a draft: the published grids of the scope (a grid and all under it, or everything) copied in. */
  async function open(input: { name: string; scope_grid_id?: number | null }, actor: Actor): Promise<Plan> {
    return db.transaction(async (tx) => {
      const scope = input.scope_grid_id ?? null;
      if (scope !== null) {
        const { rows } = await tx.query('select 1 from grid where id = $1 and valid_to is null', [scope]);
        if (!rows.length) throw unprocessable(`scope_grid_id ${scope} is not a grid of the current generation`);
      }
      const { rows } = await tx.query<{ id: number }>(
        `insert into plan (name, scope_grid_id, base_generation, created_by) values ($1, $2, (select max(id) from generation), $3) returning id`,
        [input.name, scope, actor.name],
      );
      const planId = Number(rows[0].id);
      await tx.query(
        `with recursive scope as (
           select id from grid where valid_to is null and (case when $2::bigint is null then parent_id is null else id = $2 end)
           union all
           select g.id from grid g join scope s on g.parent_id = s.id where g.valid_to is null)
         insert into plan_grid (plan_id, id, base_from, code, name, level, parent_id, geom, worker_id)
         select $1, g.id, g.valid_from, g.code, g.name, g.level, g.parent_id, g.geom, g.worker_id from grid g join scope using (id)
          where g.valid_to is null`,
        [planId, scope],
      );
      await recount(tx, planId, null);
      await audit.write(actor, [{ action: 'create', entity: 'plan', entity_id: planId, detail: { name: input.name, scope_grid_id: scope } }], tx);
      return findPlan(tx, planId);
    });
  }

  async function get(planId: number): Promise<Plan> {
    return findPlan(db, planId);
  }

  async function grids(planId: number, filter: PlanFilter = {}): Promise<FeatureCollection> {
    await findPlan(db, planId);
    const { rows } = await db.query<{ feature: string }>(
      `select ${featureSql} as feature from plan_grid pg left join staff s on s.id = pg.worker_id
        where pg.plan_id = $1 and not pg.deleted and ($2::int is null or pg.level = $2) and ($3::bigint is null or pg.parent_id = $3)
        order by pg.level, pg.code`,
      [planId, filter.level ?? null, filter.parent ?? null],
    );
    return { type: 'FeatureCollection', features: rows.map((r) => JSON.parse(r.feature)) };
  }

  async function grid(planId: number, gridId: number): Promise<Feature> {
    await findPlan(db, planId);
    const [feature] = await features(db, planId, [gridId]);
    if (!feature) throw notFound(`plan ${planId} has no grid ${gridId}`);
    return feature;
  }

  async function discard(planId: number, actor: Actor): Promise<void> {
    await db.transaction(async (tx) => {
      await draftPlan(tx, planId, 'update');
      await tx.query(`update plan set status = 'discarded', updated_at = now() where id = $1`, [planId]);
      await audit.write(actor, [{ action: 'discard', entity: 'plan', entity_id: planId }], tx);
    });
  }

  const ids = (list: number[]) => ({ ids: list });

  return {
    list, open, get, grids, grid, discard,
    diff: (planId: number) => planDiff(db, planId),
    addGrid: (planId: number, input: NewGrid, actor: Actor) => edit(planId, actor, 'draw a grid', async (tx, plan) => ids(await addClippedGrid(tx, plan, input))),
    change: (planId: number, changes: GridChange[], actor: Actor, note = 'edit grids') =>
      edit(planId, actor, note, async (tx, plan) => ids(await applyChanges(tx, plan, changes))),
    remove: (planId: number, gridId: number, version: number, actor: Actor) =>
      edit(planId, actor, 'delete a grid', async (tx, plan) => {
        await deleteGrid(tx, plan, gridId, version);
        return ids([]);
      }),
    split: (planId: number, gridId: number, line: LineString, version: number | undefined, actor: Actor) =>
      edit(planId, actor, 'split a grid', async (tx, plan) => ids(await splitGrid(tx, plan, gridId, line, version))),
    merge: (planId: number, gridIds: number[], actor: Actor) =>
      edit(planId, actor, 'merge grids', async (tx, plan) => {
        const { kept, removed } = await mergeGrids(tx, plan, gridIds);
        return { ids: [kept], removed };
      }),
    reassign: (planId: number, input: Reassignment, actor: Actor) =>
      edit(planId, actor, 'move buildings to a neighbouring grid', async (tx, plan) => ids(await reassign(tx, plan, input))),
    insertGrids: async (planId: number, input: PlanGridInput[], actor: Actor) =>
      (await edit(planId, actor, `add ${input.length} grids`, async (tx, plan) => ids(await insertGrids(tx, plan, input)))).ids,
    /** the ids of the new children, in the order given (the building groups carried beneath them come after, unlisted) */
    replaceChildren: async (planId: number, parentId: number, input: PlanGridInput[], keep: number[], actor: Actor) =>
      (await edit(planId, actor, `replace the children of grid ${parentId}`, async (tx, plan) => ids(await replaceChildren(tx, plan, parentId, input, keep)))).ids.slice(0, input.length),
    validate: async (planId: number, options: ValidationOptions = {}, engine: Engine = 'postgis') => validatePlan(db, await findPlan(db, planId), options, engine),
    /** Applies the fix proposals of the core (gap → longest border, overlap → one keeper, outside → cut) as one edit. */
    fix: async (planId: number, actor: Actor) => {
      const plan = await findPlan(db, planId);
      const { grids: coverage } = await loadPlanCoverage(db, plan);
      const proposal = proposeFixes(coverage);
      const { rows } = await db.query<{ id: number; version: number }>('select id, version from plan_grid where plan_id = $1 and not deleted', [planId]);
      const versions = new Map(rows.map((r) => [Number(r.id), r.version]));
      const changes = proposal.grids
        .filter((g) => proposal.changed.includes(g.id))
        .map((g) => ({ id: Number(g.id), version: versions.get(Number(g.id))!, geometry: g.geometry }));
      const changed = changes.length ? (await edit(planId, actor, 'apply fix proposals', async (tx, p) => ids(await applyChanges(tx, p, changes)))).features : [];
      return { changed, proposals: proposal.proposals, validation: await validatePlan(db, plan) };
    },
    publish: (planId: number, input: PublishInput, actor: Actor) => publishPlan(db, audit, planId, input, actor),
  };
}

export type PlanRepository = ReturnType<typeof planRepository>;

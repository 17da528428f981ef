// Publishing a plan: one transaction turns it into a new generation. The changed grids' published rows
// are closed (valid_to) and their new versions inserted (valid_from); unchanged grids keep their rows.
// Tiles and lookups switch when it commits (the grid triggers bump the data revision); `at=` lookups
// still find the old rows. A failure at any point — a conflict, an outage — leaves nothing behind.
import type { Db, Queryable } from '../db/db.ts';
import type { ValidationOptions } from '../geometry/coverage.types.ts';
import { conflict } from '../plugins/errors.plugin.ts';
import type { Actor, AuditRepository } from '../auth/audit.repository.ts';
import { changedSql, draftPlan, findPlan, touchedSql } from './plan.store.ts';
import { validatePlan } from './plan.validate.ts';
import type { Plan } from './plan.types.ts';

export interface PublishInput {
  force_reason?: string;
  options?: ValidationOptions;
}

export interface Published {
  generation: number;
  closed: number;
  inserted: number;
  forced: boolean;
}

export async function publishPlan(db: Db, audit: AuditRepository, planId: number, input: PublishInput, actor: Actor): Promise<Published> {
  const before = await findPlan(db, planId);
  if (before.status !== 'draft') throw conflict(`plan ${planId} is ${before.status}: only a draft can be published`);
  const validation = await validatePlan(db, before, input.options);
  const errors = validation.issues.filter((i) => i.severity === 'error');
  const reason = input.force_reason?.trim();
  if (errors.length && !reason)
    throw conflict(`plan ${planId} has ${errors.length} errors (gaps, overlaps, …): fix them, or publish with force_reason saying why`, { issues: errors });
  return db.transaction(async (tx) => {
    const plan = await draftPlan(tx, planId, 'update');
    // edits between the check and this lock would publish unchecked grids: check again instead
    if (plan.updated_at !== before.updated_at) throw conflict(`plan ${planId} changed while it was being published: publish again`);
    await assertBaseUnchanged(tx, plan);
    // one publish at a time: the generation number is the next integer
    await tx.query(`select pg_advisory_xact_lock(hashtext('wangge_publish'))`);
    const { rows } = await tx.query<{ id: number }>(
      `insert into generation (id, plan_id, note, force_reason)
       values ((select coalesce(max(id), 0) + 1 from generation), $1, $2, $3) returning id`,
      [planId, `plan ${planId}: ${plan.name}`, errors.length ? reason : null],
    );
    const generation = Number(rows[0].id);
    const closed = await tx.query(
      `update grid g set valid_to = $2 from plan_grid pg
        where pg.plan_id = $1 and g.id = pg.id and g.valid_to is null and pg.base_from is not null and (pg.deleted or ${changedSql})`,
      [planId, generation],
    );
    const inserted = await tx.query(
      `insert into grid (id, valid_from, code, name, level, parent_id, geom, worker_id, households, population)
       select pg.id, $2, pg.code, pg.name, pg.level, pg.parent_id, pg.geom, pg.worker_id, pg.households, pg.population
         from plan_grid pg where pg.plan_id = $1 and not pg.deleted and ${touchedSql}`,
      [planId, generation],
    );
    await tx.query(`update plan set status = 'published', published_generation = $2, updated_at = now() where id = $1`, [planId, generation]);
    await audit.write(actor, [{
      action: 'publish', entity: 'plan', entity_id: planId,
      detail: { generation, closed: closed.rowCount, inserted: inserted.rowCount, errors: errors.length, force_reason: errors.length ? reason : null },
    }], tx);
    return { generation, closed: closed.rowCount, inserted: inserted.rowCount, forced: errors.length > 0 };
  });
}

/** A grid this plan copied that someone else has since published again: publishing would undo their work. */
async function assertBaseUnchanged(tx: Queryable, plan: Plan): Promise<void> {
  const { rows } = await tx.query<{ id: number }>(
    `select pg.id from plan_grid pg left join grid g on g.id = pg.id and g.valid_to is null
      where pg.plan_id = $1 and pg.base_from is not null and (g.valid_from is distinct from pg.base_from)`,
    [plan.id],
  );
  if (rows.length)
    throw conflict(`grids ${rows.slice(0, 10).map((r) => r.id).join(', ')}${rows.length > 10 ? ', …' : ''} were published by another plan since this one was opened: open a new plan`, {
      grids: rows.map((r) => Number(r.id)),
    });
}

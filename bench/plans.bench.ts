// Plans on maigaoqiao (13 + 255 + 3,052 grids) in PostgreSQL: open a community and the whole street,
// move a shared vertex in every grid that has it (one step), validate, publish — and publish the move
// back, so the benchmark database ends as it began. References in the same run: copying the same rows
// with a bare INSERT … SELECT (what opening must at least cost) and the plan's validation alone (what
// publishing must at least cost).
import type { MultiPolygon, Position } from 'geojson';
import { auditRepository, systemActor } from '../server/auth/audit.repository.ts';
import { planRepository } from '../server/plans/plan.repository.ts';
import { openBenchDb, table } from './bench.db.ts';

const db = await openBenchDb();
const plans = planRepository(db, auditRepository(db));
const actor = systemActor('bench');

async function ms<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

async function copyReference(scope: number | null): Promise<number> {
  const [t] = await ms(() =>
    db.transaction(async (tx) => {
      await tx.query(
        `create temp table copy on commit drop as
         with recursive s as (select id from grid where valid_to is null and (case when $1::bigint is null then parent_id is null else id = $1 end)
                              union all select g.id from grid g join s on g.parent_id = s.id where g.valid_to is null)
         select g.* from grid g join s using (id) where g.valid_to is null`,
        [scope],
      );
    }),
  );
  return t;
}

/** a level-2 vertex shared by two grids and not on a community's outline, moved by about 5 m */
function pickVertex(features: Array<{ geometry: MultiPolygon; properties: { level: number } }>): { from: Position; to: Position } {
  const count = new Map<string, number>();
  for (const f of features.filter((f) => f.properties.level === 2))
    for (const p of new Set(f.geometry.coordinates.flat(2).map((q) => q.join()))) count.set(p, (count.get(p) ?? 0) + 1);
  const outline = new Set(features.filter((f) => f.properties.level === 1).flatMap((f) => f.geometry.coordinates.flat(2).map((q) => q.join())));
  const key = [...count].find(([k, n]) => n >= 2 && !outline.has(k))![0];
  const from = key.split(',').map(Number);
  return { from, to: [from[0] + 0.00005, from[1] + 0.00003] };
}

async function moveStep(planId: number, from: Position, to: Position) {
  const all = (await plans.grids(planId)).features.filter((f) => f.geometry.type === 'MultiPolygon' && (f.geometry as MultiPolygon).coordinates.flat(2).some((p) => p[0] === from[0] && p[1] === from[1]));
  const changes = all.map((f) => ({
    id: Number(f.id), version: f.properties!.version as number,
    geometry: { type: 'MultiPolygon' as const, coordinates: (f.geometry as MultiPolygon).coordinates.map((poly) => poly.map((ring) => ring.map((p) => (p[0] === from[0] && p[1] === from[1] ? to : p)))) },
  }));
  return ms(() => plans.change(planId, changes, actor, 'bench: move a shared vertex'));
}

const community = Number((await db.query<{ id: number }>('select id from grid where valid_to is null and level = 1 order by code limit 1')).rows[0].id);
const [openCommunity, communityPlan] = await ms(() => plans.open({ name: 'bench community', scope_grid_id: community }, actor));
const refCommunity = await copyReference(community);
const [openStreet, streetPlan] = await ms(() => plans.open({ name: 'bench street', scope_grid_id: null }, actor));
const refStreet = await copyReference(null);
const [readStreet, street] = await ms(() => plans.grids(streetPlan.id));
const { from, to } = pickVertex(street.features as never);
const [step, moved] = await moveStep(streetPlan.id, from, to);
const [validate, validation] = await ms(() => plans.validate(streetPlan.id));
const [publish, published] = await ms(() => plans.publish(streetPlan.id, {}, actor));
// and back, so the next run starts from the same grids
const back = await plans.open({ name: 'bench street (back)', scope_grid_id: null }, actor);
await moveStep(back.id, to, from);
const [publishBack] = await ms(() => plans.publish(back.id, {}, actor));
await plans.discard(communityPlan.id, actor);

table([
  { what: 'open a community plan', ms: Math.round(openCommunity), reference: `copy rows ${Math.round(refCommunity)} ms`, grids: (await plans.grids(communityPlan.id).catch(() => ({ features: [] }))).features.length },
  { what: 'open the street plan', ms: Math.round(openStreet), reference: `copy rows ${Math.round(refStreet)} ms`, grids: street.features.length },
  { what: 'read the street plan (GeoJSON)', ms: Math.round(readStreet), reference: '', grids: street.features.length },
  { what: 'move a shared vertex (one step)', ms: Math.round(step), reference: '', grids: moved.features.length },
  { what: 'validate the street plan (PostGIS)', ms: Math.round(validate), reference: `${validation.issues.filter((i) => i.severity === 'error').length} errors`, grids: street.features.length },
  { what: 'publish the street plan', ms: Math.round(publish), reference: `its validation ${Math.round(validate)} ms`, grids: published.inserted },
  { what: 'publish the move back', ms: Math.round(publishBack), reference: '', grids: 0 },
]);
await db.close();

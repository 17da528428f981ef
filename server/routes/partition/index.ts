// Auto-partition (自动划分) of one parent grid of a plan: POST /api/plans/{id}/partition proposes grids of
// about the target households (or a given count) from the buildings, compounds and roads, and writes
// them into the plan as its draft children through the plans write path, keeping the locked ones.
// With `Accept: application/x-ndjson` the answer streams progress lines before the result line.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Geometry } from 'geojson';
import { requestActor } from '../../plugins/auth.plugin.ts';
import { conflict, HttpError, notFound, unprocessable } from '../../plugins/errors.plugin.ts';
import type { Actor } from '../../auth/audit.repository.ts';
import { DEFAULT_SEARCH_MS, DEFAULT_TARGET_HOUSEHOLDS, proposePartition, targetDeviation, type PartitionProgress } from '../../partition/partition.service.ts';
import type { GridSize } from '../../partition/atoms.sql.ts';

const planners = { access: ['planner', 'admin'] } as const;
const id = { type: 'integer', minimum: 1, maximum: 9007199254740991 } as const;

interface PartitionBody {
  parent_id: number;
  target_households?: number;
  grid_count?: number;
  locked?: number[];
  seed?: number;
  search_ms?: number;
}

const body = {
  type: 'object',
  required: ['parent_id'],
  additionalProperties: false,
  properties: {
    parent_id: { ...id, description: 'the grid of the plan to divide (a community, say)' },
    target_households: { type: 'integer', minimum: 1, maximum: 1_000_000, description: `households per grid (default ${DEFAULT_TARGET_HOUSEHOLDS}); not with grid_count` },
    grid_count: { type: 'integer', minimum: 1, maximum: 2000, description: 'number of grids beside the locked ones; not with target_households' },
    locked: { type: 'array', maxItems: 2000, uniqueItems: true, items: id, description: 'children of the parent kept as they are' },
    seed: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'the same seed gives the same proposal (default 1)' },
    search_ms: {
      type: 'integer', minimum: 0, maximum: 120_000,
      description: `where the proposal leaves a grid outside ±10%: how long the exact search may look for a partition within it or prove there is none (default ${DEFAULT_SEARCH_MS}; 0: not at all)`,
    },
  },
} as const;

interface ParentRow {
  geometry: string;
  name: string;
  level: number;
}

async function readParent(app: FastifyInstance, planId: number, parentId: number, locked: number[]) {
  const plan = await app.plans.get(planId);
  if (plan.status !== 'draft') throw conflict(`plan ${planId} is ${plan.status}: only a draft can change`);
  const { rows } = await app.db.query<ParentRow>(
    `select ST_AsGeoJSON(geom, 15) geometry, name, level from plan_grid where plan_id = $1 and id = $2 and not deleted`,
    [planId, parentId],
  );
  if (!rows[0]) throw notFound(`plan ${planId} has no grid ${parentId}`);
  if (rows[0].level >= 5) throw unprocessable(`grid ${parentId} is at level 5, the deepest: it cannot be divided`);
  const children = await app.db.query<{ id: number; name: string; geometry: string }>(
    `select id, name, ST_AsGeoJSON(geom, 15) geometry from plan_grid where plan_id = $1 and parent_id = $2 and not deleted and id = any($3::bigint[])`,
    [planId, parentId, locked],
  );
  const missing = locked.filter((l) => !children.rows.some((c) => Number(c.id) === l));
  if (missing.length) throw unprocessable(`locked grids ${missing.join(', ')} are not children of grid ${parentId} in plan ${planId}`);
  return { parent: rows[0], locked: children.rows };
}

function sizeOf(b: PartitionBody): GridSize {
  if (b.target_households !== undefined && b.grid_count !== undefined) throw new HttpError(400, 'give target_households or grid_count, not both');
  return b.grid_count !== undefined ? { gridCount: b.grid_count } : { targetHouseholds: b.target_households ?? DEFAULT_TARGET_HOUSEHOLDS };
}

/** "康乐社区第3网格"… numbered on from the names the locked grids already use. */
function gridNames(parentName: string, count: number, taken: Set<string>): string[] {
  const names: string[] = [];
  for (let i = 1; names.length < count; i++) {
    const name = `${parentName}第${i}网格`;
    if (!taken.has(name)) names.push(name);
  }
  return names;
}

async function partition(app: FastifyInstance, planId: number, b: PartitionBody, actor: Actor, onProgress: (p: PartitionProgress) => void) {
  const started = performance.now();
  const locked = b.locked ?? [];
  const size = sizeOf(b);
  const target = 'targetHouseholds' in size ? size.targetHouseholds : null;
  const { parent, locked: lockedRows } = await readParent(app, planId, b.parent_id, locked);
  const proposal = await proposePartition(
    app.db,
    { area: JSON.parse(parent.geometry) as Geometry, locked: lockedRows.map((r) => JSON.parse(r.geometry) as Geometry), size, seed: b.seed ?? 1, searchMs: b.search_ms },
    onProgress,
  );
  const names = gridNames(parent.name, proposal.geometries.length, new Set(lockedRows.map((r) => r.name)));
  onProgress({ phase: 'write', done: 0, total: 1 });
  const ids = await app.plans.replaceChildren(
    planId,
    b.parent_id,
    proposal.geometries.map((geometry, i) => ({ name: names[i], geometry: geometry as never })),
    locked,
    actor,
  );
  const { score } = proposal;
  return {
    parent_id: b.parent_id,
    locked,
    grids: ids.map((gridId, i) => ({
      id: gridId,
      name: names[i],
      households: score.parts[i].households,
      deviation: round(score.parts[i].deviation, 4),
      polsby_popper: round(score.parts[i].polsby_popper, 3),
    })),
    share: round(score.share, 1),
    max_deviation: round(score.max_deviation, 4),
    ...(target === null ? {} : { target_households: target, max_target_deviation: round(targetDeviation(score, target), 4) }),
    compactness: round(score.mean_polsby_popper, 3),
    oversized_compounds: proposal.oversized,
    // whether every grid is within 10 %, provably cannot be, or neither is known; and what makes it impossible
    balance: proposal.balance,
    infeasible: proposal.infeasible,
    atoms: proposal.atoms,
    nodes: proposal.nodes,
    ms: Math.round(performance.now() - started),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

const partitionRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { id: number }; Body: PartitionBody }>('/api/plans/:id/partition', {
    config: planners,
    schema: {
      summary: 'Auto-partition: propose grids of about the target households under a parent grid of the plan, keeping the locked ones',
      description: 'Grids follow roads and compound outlines; a compound is split only when it alone exceeds the target. ' +
        'With Accept: application/x-ndjson the answer is a stream of {type:"progress", phase, done, total} lines and a last {type:"result", …} (or {type:"error", …}) line.',
      tags: ['plans'],
      params: { type: 'object', required: ['id'], properties: { id } },
      body,
    },
  }, async (request, reply) => {
    const actor = requestActor(request);
    if (!String(request.headers.accept ?? '').includes('application/x-ndjson')) return partition(app, request.params.id, request.body, actor, () => {});
    const stream = new PassThrough();
    const line = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(stream);
    partition(app, request.params.id, request.body, actor, (p) => line({ type: 'progress', ...p }))
      .then((result) => line({ type: 'result', ...result }))
      .catch((err: unknown) => {
        const status = err instanceof HttpError ? err.statusCode : 500;
        if (status >= 500) request.log.error({ err }, 'auto-partition failed');
        line({ type: 'error', statusCode: status, message: status >= 500 ? 'internal error' : (err as Error).message });
      })
      .finally(() => stream.end());
    return reply;
  });
};

export default partitionRoutes;

// Plans (规划方案): drafts of grid changes, edited by planners and published as a new generation.
// Every grid answer carries its version as an ETag; edits name it in If-Match (412 when stale).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Feature, LineString } from 'geojson';
import { requestActor } from '../../plugins/auth.plugin.ts';
import { HttpError } from '../../plugins/errors.plugin.ts';
import type { GridChange, GridGeometry } from '../../plans/plan.types.ts';
import type { ValidationOptions } from '../../geometry/coverage.types.ts';
import type { Engine } from '../../plans/plan.validate.ts';
import {
  changesBody, createPlanBody, gridParams, mergeBody, newGridBody, planParams, publishBody, putGridBody, reassignBody, splitBody,
} from './plan.schema.ts';

const planners = { access: ['planner', 'admin'] } as const;
const tags = ['plans'];

type PlanParams = { id: number };
type GridParams = { id: number; grid: number };
interface GridAttributes {
  name?: string;
  code?: string;
  worker_id?: number | null;
}

/** If-Match: "3", W/"3" or 3 — the version the edit was made against. */
function ifMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined) throw new HttpError(428, 'If-Match is required: send the ETag (version) of the grid you edited');
  const version = Number(String(header).replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(version) || version < 1) throw new HttpError(400, `If-Match must be a grid version such as "3", got ${header}`);
  return version;
}

function sendFeature(reply: FastifyReply, feature: Feature) {
  return reply.header('etag', `"${feature.properties!.version}"`).header('cache-control', 'no-store').send(feature);
}

const plansRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/plans', { config: planners, schema: { summary: 'Plans, newest first', tags } }, async () => ({ plans: await app.plans.list() }));

  app.post<{ Body: { name: string; scope_grid_id?: number | null } }>('/api/plans', {
    config: planners,
    schema: { summary: 'Open a plan: a draft copy of the published grids of a community (scope_grid_id) or of the whole street', tags, body: createPlanBody },
  }, async (request, reply) => reply.code(201).send(await app.plans.open(request.body, requestActor(request))));

  app.get<{ Params: PlanParams; Querystring: { level?: number; parent?: number; diff: boolean } }>('/api/plans/:id', {
    config: planners,
    schema: {
      summary: 'A plan with its grids (households per grid) and its diff against the published generation',
      description: 'level / parent narrow the grids (the diff is always the whole plan’s); diff=false leaves the diff out (an editor reading level by level).',
      tags, params: planParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { level: { type: 'integer', minimum: 1, maximum: 5 }, parent: { type: 'integer', minimum: 1 }, diff: { type: 'boolean', default: true } },
      },
    },
  }, async (request) => {
    const { id } = request.params;
    const { diff, ...filter } = request.query;
    const [plan, grids] = [await app.plans.get(id), await app.plans.grids(id, filter)];
    return { ...plan, grids, ...(diff ? { diff: await app.plans.diff(id) } : {}) };
  });

  app.get<{ Params: PlanParams }>('/api/plans/:id/diff', {
    config: planners,
    schema: { summary: 'What the plan changes: grids added / removed / changed, and households moved between deepest grids', tags, params: planParams },
  }, async (request) => {
    await app.plans.get(request.params.id);
    return app.plans.diff(request.params.id);
  });

  app.delete<{ Params: PlanParams }>('/api/plans/:id', {
    config: planners, schema: { summary: 'Discard a draft plan', tags, params: planParams },
  }, async (request, reply) => {
    await app.plans.discard(request.params.id, requestActor(request));
    return reply.code(204).send();
  });

  app.get<{ Params: PlanParams }>('/api/plans/:id/export.geojson', {
    config: planners, schema: { summary: 'The plan’s grids as a GeoJSON file', tags, params: planParams },
  }, async (request, reply) => {
    const grids = await app.plans.grids(request.params.id);
    return reply.type('application/geo+json').header('content-disposition', `attachment; filename="plan-${request.params.id}.geojson"`).send(grids);
  });

  app.get<{ Params: GridParams }>('/api/plans/:id/grids/:grid', {
    config: planners, schema: { summary: 'One grid of a plan; ETag is its version', tags, params: gridParams },
  }, async (request, reply) => sendFeature(reply, await app.plans.grid(request.params.id, request.params.grid)));

  app.post<{ Params: PlanParams; Body: GridAttributes & { parent_id: number; geometry: GridGeometry } }>('/api/plans/:id/grids', {
    config: planners,
    schema: { summary: 'Draw a new grid inside a parent: clipped to the parent and cut by its siblings, so it cannot overlap', tags, params: planParams, body: newGridBody },
  }, async (request, reply) => {
    const { features } = await app.plans.addGrid(request.params.id, request.body, requestActor(request));
    reply.code(201).header('etag', `"${features[0].properties!.version}"`);
    // the neighbours that took the new grid's vertices into their shared edges come along
    return { ...features[0], neighbours: features.slice(1) };
  });

  app.put<{ Params: GridParams; Body: GridAttributes & { geometry?: GridGeometry } }>('/api/plans/:id/grids/:grid', {
    config: planners,
    schema: { summary: 'Change one grid (geometry, name, code, worker) against the version in If-Match; 412 with the current grid when stale', tags, params: gridParams, body: putGridBody },
  }, async (request, reply) => {
    const change: GridChange = { id: request.params.grid, version: ifMatch(request), ...request.body };
    try {
      const { features } = await app.plans.change(request.params.id, [change], requestActor(request));
      return sendFeature(reply, features[0]);
    } catch (err) {
      // one grid was edited: its 412 carries that grid, not a list
      if (err instanceof HttpError && err.statusCode === 412) throw new HttpError(412, err.message, { current: (err.detail.current as Feature[])[0] });
      throw err;
    }
  });

  app.delete<{ Params: GridParams }>('/api/plans/:id/grids/:grid', {
    config: planners, schema: { summary: 'Delete a grid from the plan (If-Match); 409 while it has children', tags, params: gridParams },
  }, async (request, reply) => {
    await app.plans.remove(request.params.id, request.params.grid, ifMatch(request), requestActor(request));
    return reply.code(204).send();
  });

  app.post<{ Params: PlanParams; Body: { note?: string; grids: GridChange[] } }>('/api/plans/:id/changes', {
    config: planners,
    schema: {
      summary: 'Change several grids as one step (a shared vertex moved in all its grids): all or nothing; 412 with the current grids when any is stale',
      tags, params: planParams, body: changesBody,
    },
  }, async (request) => {
    const { features } = await app.plans.change(request.params.id, request.body.grids, requestActor(request), request.body.note);
    return { grids: features };
  });

  app.post<{ Params: PlanParams; Body: { grid_id: number; line: LineString; version?: number } }>('/api/plans/:id/split', {
    config: planners,
    schema: { summary: 'Split a grid by a line across it; the largest piece keeps the id, children follow (split too where the line crosses them)', tags, params: planParams, body: splitBody },
  }, async (request) => {
    const { grid_id, line, version } = request.body;
    return { grids: (await app.plans.split(request.params.id, grid_id, line, version, requestActor(request))).features };
  });

  app.post<{ Params: PlanParams; Body: { grid_ids: number[] } }>('/api/plans/:id/merge', {
    config: planners,
    schema: { summary: 'Merge sibling grids that share borders; the first keeps its id and takes the others’ children', tags, params: planParams, body: mergeBody },
  }, async (request) => {
    const result = await app.plans.merge(request.params.id, request.body.grid_ids, requestActor(request));
    return { grid: result.features[0], removed: result.removed };
  });

  app.post<{ Params: PlanParams; Body: { to_grid_id: number; building_ids?: number[]; compound_id?: number } }>('/api/plans/:id/reassign', {
    config: planners,
    schema: { summary: 'Move buildings or a compound to a neighbouring grid; the boundary follows them', tags, params: planParams, body: reassignBody },
  }, async (request) => ({ grids: (await app.plans.reassign(request.params.id, request.body, requestActor(request))).features }));

  app.get<{ Params: PlanParams; Querystring: ValidationOptions & { engine: Engine } }>('/api/plans/:id/validate', {
    config: planners,
    schema: {
      summary: 'Validate the plan’s grids (same answer shape as POST /api/validate)',
      tags, params: planParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          engine: { type: 'string', enum: ['core', 'postgis'], default: 'postgis' },
          min_area_m2: { type: 'number', minimum: 0 },
          target_households: { type: 'number', exclusiveMinimum: 0 },
          household_tolerance: { type: 'number', minimum: 0 },
          target_level: { type: 'integer', minimum: 1 },
        },
      },
    },
  }, async (request) => {
    const { engine, ...options } = request.query;
    return { ...(await app.plans.validate(request.params.id, options, engine)), engine };
  });

  app.post<{ Params: PlanParams }>('/api/plans/:id/fix', {
    config: planners,
    schema: { summary: 'Apply the fix proposals to the plan (gap → neighbour with the longest border, overlap → one keeper, outside the parent → cut)', tags, params: planParams },
  }, async (request) => app.plans.fix(request.params.id, requestActor(request)));

  app.post<{ Params: PlanParams; Body: { force_reason?: string } | null }>('/api/plans/:id/publish', {
    config: planners,
    schema: {
      summary: 'Publish the plan as a new generation, atomically; 409 while errors remain unless force_reason says why',
      tags, params: planParams, body: publishBody,
    },
  }, async (request) => {
    const published = await app.plans.publish(request.params.id, { force_reason: request.body?.force_reason }, requestActor(request));
    // this process answers with the new generation from the next request on; others follow on NOTIFY
    await app.revisions.refresh();
    return published;
  });
};

export default plansRoutes;

// Random edits on an open plan — drawn polygons of every shape (bow-ties, slivers, spikes, far away),
// lines that miss or graze, merges of anything, moves of random buildings — never get a 5xx, and the
// plan stays readable and validatable after all of them. PGlite: the backend that hides GEOS errors.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { useApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/auth.ts';

const RUNS = Number(process.env.WANGGE_FUZZ_RUNS ?? 10_000) >= 10_000 ? 300 : 60;

describe('fuzz: plan edits', () => {
  const ctx = useApp('pglite', 'kangle');
  let cookie: string;
  let plan: number;
  let box: [number, number, number, number];
  let gridIds: number[];
  let buildingIds: number[];

  beforeAll(async () => {
    cookie = await loginAs(ctx, 'planner');
    const community = (await ctx.app.inject('/api/grids?level=1')).json().features[0];
    plan = (await ctx.app.inject({ method: 'POST', url: '/api/plans', headers: { cookie }, payload: { name: 'fuzz', scope_grid_id: community.id } })).json().id;
    const coords = (community.geometry.coordinates as Position[][][]).flat(2);
    box = [Math.min(...coords.map((p) => p[0])), Math.min(...coords.map((p) => p[1])), Math.max(...coords.map((p) => p[0])), Math.max(...coords.map((p) => p[1]))];
    gridIds = (await ctx.app.inject({ url: `/api/plans/${plan}`, headers: { cookie } })).json().grids.features.map((f: { id: number }) => f.id);
    buildingIds = (await ctx.db.query<{ id: number }>('select id from building order by id limit 200')).rows.map((r) => Number(r.id));
  });

  it('answers every random edit with 2xx or a 4xx that says why', async () => {
    const point = fc.tuple(fc.double({ min: -0.2, max: 1.2, noNaN: true }), fc.double({ min: -0.2, max: 1.2, noNaN: true }))
      .map(([u, v]) => [box[0] + u * (box[2] - box[0]), box[1] + v * (box[3] - box[1])]);
    const ring = fc.array(point, { minLength: 3, maxLength: 8 }).map((ps) => [...ps, ps[0]]);
    const polygon = fc.oneof(
      ring.map((r) => ({ type: 'Polygon', coordinates: [r] })),
      fc.array(ring, { minLength: 1, maxLength: 2 }).map((rs) => ({ type: 'MultiPolygon', coordinates: rs.map((r) => [r]) })),
      fc.constant({ type: 'Polygon', coordinates: [[[0, 0], [0, 0], [0, 0], [0, 0]]] }),
    );
    const gridId = fc.oneof(fc.constantFrom(...gridIds), fc.integer({ min: 1, max: 500 }));
    const edit = fc.oneof(
      fc.record({ url: fc.constant('grids'), body: fc.record({ parent_id: gridId, geometry: polygon }) }),
      fc.record({ url: fc.constant('split'), body: fc.record({ grid_id: gridId, line: fc.array(point, { minLength: 2, maxLength: 5 }).map((c) => ({ type: 'LineString', coordinates: c })) }) }),
      fc.record({ url: fc.constant('merge'), body: fc.record({ grid_ids: fc.uniqueArray(gridId, { minLength: 2, maxLength: 4 }) }) }),
      fc.record({ url: fc.constant('reassign'), body: fc.record({ to_grid_id: gridId, building_ids: fc.uniqueArray(fc.constantFrom(...buildingIds), { minLength: 1, maxLength: 5 }) }) }),
      fc.record({ url: fc.constant('changes'), body: fc.record({ grids: fc.tuple(gridId, polygon).map(([id, geometry]) => [{ id, version: 1, geometry }]) }) }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(edit, async ({ url, body }) => {
        const res = await ctx.app.inject({ method: 'POST', url: `/api/plans/${plan}/${url}`, headers: { cookie }, payload: body });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${url} ${JSON.stringify(body).slice(0, 300)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().message).toMatch(/\w/);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // some edits went through, some were refused: the generator reaches both paths
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await ctx.app.inject({ url: `/api/plans/${plan}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: `/api/plans/${plan}/validate`, headers: { cookie } })).statusCode).toBe(200);
  }, 600_000);
});

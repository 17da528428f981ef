// The plans API on the Kangle demo community (1 community, 7 grids, 48 building groups): open a plan,
// draw, reshape with If-Match, split, merge, move buildings, validate, fix, publish as a new generation.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

type GridFeature = Feature<MultiPolygon, { id: number; code: string; name: string; level: number; parent_id: number | null; households: number; buildings: number; version: number; change: string; area_m2: number }>;

for (const backend of backends) {
  describe(`plans (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let cookie: string;
    let community: number;

    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method, url, payload: payload as object, headers: { cookie, ...headers } });
    const openPlan = async (name: string, scope: number | null = community) => (await call('POST', '/api/plans', { name, scope_grid_id: scope })).json().id as number;
    const planGrids = async (plan: number, query = '') => (await call('GET', `/api/plans/${plan}${query}`)).json().grids as { features: GridFeature[] };
    const validate = async (plan: number) => (await call('GET', `/api/plans/${plan}/validate`)).json();

    /** Two level-2 siblings sharing a border, and one vertex they share (not on the community's outline). */
    async function sharedVertex(plan: number): Promise<{ a: GridFeature; b: GridFeature; vertex: Position }> {
      const grids = (await planGrids(plan, '?level=2')).features;
      const outline = new Set((await planGrids(plan, '?level=1')).features[0].geometry.coordinates.flat(2).map((p) => p.join()));
      for (const a of grids)
        for (const b of grids) {
          if (a.id === b.id) continue;
          const inB = new Set(b.geometry.coordinates.flat(2).map((p) => p.join()));
          const vertex = a.geometry.coordinates.flat(2).find((p) => inB.has(p.join()) && !outline.has(p.join()));
          if (vertex) return { a, b, vertex };
        }
      throw new Error('no shared vertex');
    }

    const moveVertex = (g: MultiPolygon, from: Position, to: Position): MultiPolygon => ({
      type: 'MultiPolygon',
      coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => (p[0] === from[0] && p[1] === from[1] ? to : p)))),
    });

    /** the editor's shared-vertex move: every grid of the plan with that vertex, as one step */
    async function moveEverywhere(plan: number, vertex: Position, to: Position, note = 'drag vertex') {
      const all = (await planGrids(plan)).features.filter((g) => g.geometry.coordinates.flat(2).some((p) => p[0] === vertex[0] && p[1] === vertex[1]));
      const step = { note, grids: all.map((g) => ({ id: g.id, version: g.properties.version, geometry: moveVertex(g.geometry, vertex, to) })) };
      return { all, step, res: await call('POST', `/api/plans/${plan}/changes`, step) };
    }

    beforeAll(async () => {
      cookie = await loginAs(ctx, 'planner');
      const top = (await ctx.app.inject('/api/grids?level=1')).json().features;
      community = top[0].id;
    });

    it('opens a draft for a community with its grids copied, households counted and no diff', async () => {
      const res = await call('POST', '/api/plans', { name: '康乐社区 2027 调整', scope_grid_id: community });
      expect(res.statusCode).toBe(201);
      const plan = res.json();
      expect(plan).toMatchObject({ status: 'draft', scope_grid_id: community, created_by: expect.any(String) });
      const body = (await call('GET', `/api/plans/${plan.id}`)).json();
      expect(body.grids.features).toHaveLength(1 + 7 + 48);
      const published = (await ctx.app.inject('/api/grids?level=2')).json().features;
      const level2 = body.grids.features.filter((f: GridFeature) => f.properties.level === 2);
      expect(level2.reduce((s: number, f: GridFeature) => s + f.properties.households, 0)).toBe(published.reduce((s: number, f: Feature) => s + f.properties!.households, 0));
      expect(body.diff).toEqual({ added: [], removed: [], changed: [], moves: [] });
      expect((await call('GET', `/api/plans/${plan.id}/diff`)).json()).toEqual(body.diff);
      const lean = (await call('GET', `/api/plans/${plan.id}?level=2&diff=false`)).json();
      expect(lean.diff).toBeUndefined();
      expect(lean.grids.features).toHaveLength(7);
      expect((await validate(plan.id)).valid).toBe(true);
    });

    it('moves a shared vertex in every grid that has it as one step: clean; a stale step gets 412; undo restores', async () => {
      const plan = await openPlan('shared vertex');
      const { a, b, vertex } = await sharedVertex(plan);
      const to = [vertex[0] + 0.0001, vertex[1] + 0.00005];
      const { all, step, res } = await moveEverywhere(plan, vertex, to);
      expect(all.map((g) => g.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(res.statusCode).toBe(200);
      const moved = res.json().grids as GridFeature[];
      for (const [i, g] of moved.entries()) {
        expect(g.properties.version).toBe(all[i].properties.version + 1);
        expect(g.geometry.coordinates.flat(2)).toContainEqual(to);
      }
      expect(moved.find((g) => g.id === a.id)!.properties.change).toBe('changed');
      expect((await validate(plan)).issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      const stale = await call('POST', `/api/plans/${plan}/changes`, step);
      expect(stale.statusCode).toBe(412);
      expect(stale.json().current.map((f: GridFeature) => f.properties.version)).toEqual(moved.map((g) => g.properties.version));
      // undo is the same write with the old geometry against the new versions
      const undo = await call('POST', `/api/plans/${plan}/changes`, { note: 'undo', grids: all.map((g, i) => ({ id: g.id, version: moved[i].properties.version, geometry: g.geometry })) });
      expect(undo.statusCode).toBe(200);
      expect((await call('GET', `/api/plans/${plan}`)).json().diff.changed).toEqual([]);
    });

    it('PUT needs If-Match, answers with an ETag, and 412s with the current grid when stale', async () => {
      const plan = await openPlan('rename');
      const grid = (await planGrids(plan, '?level=2')).features[0];
      expect((await call('PUT', `/api/plans/${plan}/grids/${grid.id}`, { name: '新名' })).statusCode).toBe(428);
      const ok = await call('PUT', `/api/plans/${plan}/grids/${grid.id}`, { name: '新名' }, { 'if-match': `"${grid.properties.version}"` });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers.etag).toBe(`"${grid.properties.version + 1}"`);
      const again = await call('PUT', `/api/plans/${plan}/grids/${grid.id}`, { name: '另一个名' }, { 'if-match': `"${grid.properties.version}"` });
      expect(again.statusCode).toBe(412);
      expect(again.json().current.properties).toMatchObject({ name: '新名', version: grid.properties.version + 1 });
      const get = await call('GET', `/api/plans/${plan}/grids/${grid.id}`);
      expect(get.headers.etag).toBe(`"${grid.properties.version + 1}"`);
    });

    it('draws a new grid clipped to its parent and its siblings: it fills the hole and overlaps nothing', async () => {
      const plan = await openPlan('draw');
      const leaf = (await planGrids(plan, '?level=3')).features[0];
      const removed = await call('DELETE', `/api/plans/${plan}/grids/${leaf.id}`, undefined, { 'if-match': `"${leaf.properties.version}"` });
      expect(removed.statusCode).toBe(204);
      const gap = (await validate(plan)).issues.find((i: { type: string }) => i.type === 'gap');
      expect(gap.area_m2).toBeCloseTo(leaf.properties.area_m2, -1);
      const ring = leaf.geometry.coordinates[0][0];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      // a rectangle over the hole and well beyond it, into the siblings and out of the parent
      const [x0, x1, y0, y1] = [Math.min(...xs) - 0.002, Math.max(...xs) + 0.002, Math.min(...ys) - 0.002, Math.max(...ys) + 0.002];
      const drawn: Polygon = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
      const res = await call('POST', `/api/plans/${plan}/grids`, { parent_id: leaf.properties.parent_id, geometry: drawn, name: '新网格' });
      expect(res.statusCode).toBe(201);
      const grid = res.json();
      expect(grid.properties).toMatchObject({ level: 3, parent_id: leaf.properties.parent_id, change: 'added', name: '新网格' });
      expect(grid.properties.area_m2).toBeCloseTo(leaf.properties.area_m2, -1);
      expect(grid.properties.households).toBe(leaf.properties.households);
      const parent = (await call('GET', `/api/plans/${plan}/grids/${leaf.properties.parent_id}`)).json();
      expect(grid.properties.code).toMatch(new RegExp(`^${parent.properties.code}\\d{3}$`));
      expect((await validate(plan)).issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      const again = await call('POST', `/api/plans/${plan}/grids`, { parent_id: leaf.properties.parent_id, geometry: drawn });
      expect(again.statusCode).toBe(422);
      expect(again.json().message).toMatch(/nothing is left/);
      const diff = (await call('GET', `/api/plans/${plan}`)).json().diff;
      expect(diff.added).toEqual([grid.id]);
      expect(diff.removed).toEqual([leaf.id]);
    });

    it('splits a grid with a line and merges two grids: saved, valid, households add up', async () => {
      const plan = await openPlan('split and merge');
      const level2 = (await planGrids(plan, '?level=2')).features;
      const grid = level2.reduce((a, b) => (a.properties.households > b.properties.households ? a : b));
      const ring = grid.geometry.coordinates[0][0];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const xm = (Math.min(...xs) + Math.max(...xs)) / 2;
      const line = { type: 'LineString', coordinates: [[xm + 0.00001, Math.min(...ys) - 0.001], [xm, Math.max(...ys) + 0.001]] };
      const split = await call('POST', `/api/plans/${plan}/split`, { grid_id: grid.id, line });
      expect(split.statusCode).toBe(200);
      const pieces = (split.json().grids as GridFeature[]).filter((f) => f.properties.level === 2);
      expect(pieces).toHaveLength(2);
      expect(pieces[0].id).toBe(grid.id);
      expect(pieces[0].properties.households + pieces[1].properties.households).toBe(grid.properties.households);
      expect((await validate(plan)).issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      const merged = await call('POST', `/api/plans/${plan}/merge`, { grid_ids: pieces.map((p) => p.id) });
      expect(merged.statusCode).toBe(200);
      expect(merged.json().grid.properties.households).toBe(grid.properties.households);
      expect(merged.json().removed).toEqual([pieces[1].id]);
      expect((await validate(plan)).issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      // two siblings that do not touch cannot merge into one grid
      const { rows: [pair] } = await ctx.db.query<{ a: number; b: number }>(
        `select a.id as a, b.id as b from plan_grid a join plan_grid b on b.plan_id = a.plan_id and b.level = 2 and b.id > a.id
          where a.plan_id = $1 and a.level = 2 and not a.deleted and not b.deleted and not ST_Intersects(a.geom, b.geom) limit 1`,
        [plan],
      );
      const apart = await call('POST', `/api/plans/${plan}/merge`, { grid_ids: [Number(pair.a), Number(pair.b)] });
      expect(apart.statusCode).toBe(422);
      expect(apart.json().message).toMatch(/share no border/);
      const miss = await call('POST', `/api/plans/${plan}/split`, { grid_id: grid.id, line: { type: 'LineString', coordinates: [[0, 0], [0.1, 0.1]] } });
      expect(miss.statusCode).toBe(422);
    });

    it('moves buildings to a neighbouring grid: the boundary follows, households move in the diff', async () => {
      const plan = await openPlan('reassign');
      const { a, b } = await sharedVertex(plan);
      const { rows } = await ctx.db.query<{ id: number }>(
        `select bl.id from building bl, plan_grid g, plan_grid n
          where g.plan_id = $1 and g.id = $2 and n.plan_id = $1 and n.id = $3 and ST_Intersects(g.geom, bl.geom)
          order by ST_Distance(bl.geom, n.geom) limit 1`,
        [plan, a.id, b.id],
      );
      const res = await call('POST', `/api/plans/${plan}/reassign`, { to_grid_id: b.id, building_ids: [Number(rows[0].id)] });
      expect(res.statusCode).toBe(200);
      const after = res.json().grids as GridFeature[];
      expect(after.find((f) => f.id === b.id)!.properties.households).toBeGreaterThan(b.properties.households);
      const diff = (await call('GET', `/api/plans/${plan}`)).json().diff;
      expect(diff.moves.some((m: { from: number; to: number }) => m.to !== m.from)).toBe(true);
      const level2Errors = (await validate(plan)).issues.filter((i: { severity: string; parent_id: number }) => i.severity === 'error' && i.parent_id === community);
      expect(level2Errors).toEqual([]);
    });

    it('refuses to publish with a gap (409 with the issue and its area), fixes it, publishes, lookups switch', async () => {
      const plan = await openPlan('gap then publish');
      const { a: picked, vertex } = await sharedVertex(plan);
      const reshaped: Position = [vertex[0] + 0.0002, vertex[1] + 0.0001];
      expect((await moveEverywhere(plan, vertex, reshaped)).res.statusCode).toBe(200);
      const a = (await call('GET', `/api/plans/${plan}/grids/${picked.id}`)).json() as GridFeature;
      // detach: move the vertex in one grid only → a gap (or overlap) against its neighbours
      const moved = moveVertex(a.geometry, reshaped, [vertex[0] - 0.0003, vertex[1] - 0.0002]);
      const put = await call('PUT', `/api/plans/${plan}/grids/${a.id}`, { geometry: moved }, { 'if-match': String(a.properties.version) });
      expect(put.statusCode).toBe(200);
      const validation = await validate(plan);
      const problem = validation.issues.find((i: { type: string; severity: string }) => (i.type === 'gap' || i.type === 'overlap') && i.severity === 'error');
      expect(problem.area_m2).toBeGreaterThan(1);
      const refused = await call('POST', `/api/plans/${plan}/publish`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json().issues.length).toBeGreaterThan(0);
      const fixed = await call('POST', `/api/plans/${plan}/fix`);
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json().changed.length).toBeGreaterThan(0);
      const clean = await validate(plan);
      expect(clean.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      const before = new Date();
      await new Promise((r) => setTimeout(r, 20));
      // a point in the area the detached vertex disturbed: it is in the community before and after
      const lonLat = problem.point as number[];
      const oldAnswer = (await ctx.app.inject(`/api/lookup?lon=${lonLat[0]}&lat=${lonLat[1]}`)).json();
      const { changed } = (await call('GET', `/api/plans/${plan}`)).json().diff;
      expect(changed.length).toBeGreaterThan(0);
      const published = await call('POST', `/api/plans/${plan}/publish`, {});
      expect(published.statusCode).toBe(200);
      expect(published.json().generation).toBeGreaterThan(1);
      const newAnswer = (await ctx.app.inject(`/api/lookup?lon=${lonLat[0]}&lat=${lonLat[1]}`)).json();
      const asOfBefore = (await ctx.app.inject(`/api/lookup?lon=${lonLat[0]}&lat=${lonLat[1]}&at=${before.toISOString()}`)).json();
      expect(asOfBefore.grids.map((g: { id: number }) => g.id)).toEqual(oldAnswer.grids.map((g: { id: number }) => g.id));
      expect(oldAnswer.grids.length).toBeGreaterThan(0);
      expect(newAnswer.grids.length).toBeGreaterThan(0);
      expect(newAnswer.generation).toBe(published.json().generation);
      expect(asOfBefore.generation).toBe(oldAnswer.generation);
      const current = (await ctx.app.inject(`/api/grids/${changed[0]}`)).json();
      expect(current.properties.valid_from).toBe(published.json().generation);
      expect((await call('GET', `/api/plans/${plan}`)).json().status).toBe('published');
      expect((await call('POST', `/api/plans/${plan}/publish`, {})).statusCode).toBe(409);
      expect((await ctx.app.inject('/api/validate/current')).json().valid).toBe(true);
    });

    it('publishing with errors needs a reason, which is recorded; a plan opened before another publish conflicts', async () => {
      const first = await openPlan('first');
      const second = await openPlan('second');
      const { a, vertex } = await sharedVertex(first);
      await call('PUT', `/api/plans/${first}/grids/${a.id}`, { geometry: moveVertex(a.geometry, vertex, [vertex[0] + 0.0004, vertex[1]]) }, { 'if-match': String(a.properties.version) });
      const forced = await call('POST', `/api/plans/${first}/publish`, { force_reason: '临时调整，下周修正' });
      expect(forced.statusCode).toBe(200);
      const { rows } = await ctx.db.query<{ force_reason: string }>('select force_reason from generation where id = $1', [forced.json().generation]);
      expect(rows[0].force_reason).toBe('临时调整，下周修正');
      const g2 = (await planGrids(second, '?level=2')).features.find((g) => g.id === a.id)!;
      await call('PUT', `/api/plans/${second}/grids/${a.id}`, { name: '冲突' }, { 'if-match': String(g2.properties.version) });
      const conflict = await call('POST', `/api/plans/${second}/publish`, {});
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().grids).toContain(a.id);
    });

    it('answers bad input with 4xx and says what is wrong', async () => {
      const plan = await openPlan('bad input');
      const grid = (await planGrids(plan, '?level=2')).features[0];
      const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
      const cases: Array<[string, string, unknown, number, RegExp]> = [
        ['POST', '/api/plans', {}, 400, /name/],
        ['POST', '/api/plans', { name: 'x', scope_grid_id: 999999 }, 422, /scope_grid_id/],
        ['GET', '/api/plans/999999', undefined, 404, /no plan/],
        ['POST', `/api/plans/${plan}/grids`, { parent_id: grid.id, geometry: { type: 'Point', coordinates: [0, 0] } }, 400, /type/],
        ['POST', `/api/plans/${plan}/grids`, { parent_id: grid.id, geometry: bowtie }, 422, /invalid geometry/],
        ['POST', `/api/plans/${plan}/grids`, { parent_id: 999999, geometry: bowtie }, 404, /no grid/],
        ['POST', `/api/plans/${plan}/merge`, { grid_ids: [grid.id] }, 400, /grid_ids/],
        ['POST', `/api/plans/${plan}/changes`, { grids: [{ id: grid.id, version: 1, code: '12' }] }, 400, /code/],
        ['POST', `/api/plans/${plan}/changes`, { grids: [{ id: community, version: 1, geometry: grid.geometry }] }, 422, /scope/],
        ['DELETE', `/api/plans/${plan}/grids/${grid.id}`, undefined, 428, /If-Match/],
      ];
      for (const [method, url, body, status, message] of cases) {
        const res = await call(method as 'POST', url, body);
        expect({ url, status: res.statusCode, message: res.json().message }).toMatchObject({ url, status, message: expect.stringMatching(message) });
      }
      const dup = (await planGrids(plan, '?level=2')).features[1];
      const taken = await call('PUT', `/api/plans/${plan}/grids/${dup.id}`, { code: grid.properties.code }, { 'if-match': String(dup.properties.version) });
      expect(taken.statusCode).toBe(409);
      const withChildren = await call('DELETE', `/api/plans/${plan}/grids/${grid.id}`, undefined, { 'if-match': String(grid.properties.version) });
      expect(withChildren.statusCode).toBe(409);
      expect((await ctx.app.inject({ method: 'GET', url: `/api/plans/${plan}` })).statusCode).toBe(401);
    });
  });
}

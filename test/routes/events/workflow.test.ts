// The closed loop over HTTP: every legal step with its actor and log entry, illegal ones (409 with the
// allowed states), time limits against a fake clock, duplicates and merge, listing, stats and the stream.
import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { basicReport, pointInFirstGrid, report, type Ctx } from './events.fixture.ts';

const move = (ctx: Ctx, id: number, cookie: string, body: object) =>
  ctx.app.inject({ method: 'POST', url: `/api/events/${id}/transitions`, headers: { cookie }, payload: body });

for (const backend of backends) {
  describe(`event loop (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');

    it('runs 上报 → 立案 → 派遣 → 处置 → 反馈 → 结案 → 评价, each step by its own role, each in event_log', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const event = (await report(ctx, basicReport(p.lon, p.lat))).json();
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const worker = await loginAs(ctx, 'grid_worker', { staffId: event.worker.id });
      const stranger = await loginAs(ctx, 'grid_worker', { staffId: (await ctx.db.query<{ id: number }>('select id from staff where id <> $1 order by id limit 1', [event.worker.id])).rows[0].id });
      const steps: Array<[string, string, object]> = [
        ['accepted', dispatcher, { note: '核实属实' }],
        ['dispatched', dispatcher, {}],
        ['in_progress', worker, { note: '已到现场' }],
        ['resolved', worker, { note: '已清理' }],
        ['feedback', worker, { note: '已电话反馈' }],
        ['in_progress', dispatcher, { note: '核查未通过，返工' }],
        ['resolved', worker, { note: '再次清理' }],
        ['feedback', worker, {}],
        ['closed', dispatcher, { note: '核查结案' }],
        ['evaluated', dispatcher, { satisfaction: 5 }],
      ];
      for (const [to, cookie, extra] of steps) {
        if (to === 'in_progress' && cookie === worker) {
          expect((await move(ctx, event.id, stranger, { to })).statusCode, 'another grid worker').toBe(403);
        }
        const res = await move(ctx, event.id, cookie, { to, ...extra });
        expect(res.statusCode, `${to}: ${res.body}`).toBe(200);
        expect(res.json().status).toBe(to);
      }
      const detail = (await ctx.app.inject({ url: `/api/events/${event.id}`, headers: { cookie: dispatcher } })).json();
      expect(detail.log.map((l: { to_status: string }) => l.to_status)).toEqual(['reported', ...steps.map((s) => s[0])]);
      expect(detail.log[3]).toMatchObject({ from_status: 'dispatched', to_status: 'in_progress', note: '已到现场' });
      expect(detail.log.every((l: { actor: string; at: string }) => l.actor.length > 0 && !Number.isNaN(Date.parse(l.at)))).toBe(true);
      expect(detail.satisfaction).toBe(5);
      expect(detail.closed_at).not.toBeNull();
      // the worker sees their event, another worker does not
      expect((await ctx.app.inject({ url: `/api/events/${event.id}`, headers: { cookie: worker } })).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: `/api/events/${event.id}`, headers: { cookie: stranger } })).statusCode).toBe(403);
    });

    it('refuses illegal steps with 409 naming the allowed ones, and rejects with a reason', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const event = (await report(ctx, basicReport(p.lon, p.lat))).json();
      for (const to of ['dispatched', 'resolved', 'closed', 'evaluated', 'reported']) {
        const res = await move(ctx, event.id, dispatcher, { to });
        expect(res.statusCode, to).toBe(409);
        expect(res.json().message).toMatch(/allowed: accepted, rejected, merged/);
      }
      expect((await move(ctx, event.id, dispatcher, { to: 'rejected' })).statusCode).toBe(400);
      expect((await move(ctx, event.id, dispatcher, { to: 'rejected', note: '不属于受理范围' })).json().status).toBe('rejected');
      const after = await move(ctx, event.id, dispatcher, { to: 'accepted' });
      expect(after.statusCode).toBe(409);
      expect(after.json().message).toMatch(/none \(final\)/);
      expect((await move(ctx, 999999, dispatcher, { to: 'accepted' })).statusCode).toBe(404);
      expect((await move(ctx, event.id, dispatcher, { to: 'nonsense' })).statusCode).toBe(400);
      const planner = await loginAs(ctx, 'planner');
      expect((await move(ctx, event.id, planner, { to: 'accepted' })).statusCode).toBe(403);
      expect((await ctx.app.inject({ method: 'POST', url: `/api/events/${event.id}/transitions`, payload: { to: 'accepted' } })).statusCode).toBe(401);
    });

    it('dispatches to a department instead of the grid worker', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const event = (await report(ctx, basicReport(p.lon, p.lat))).json();
      await move(ctx, event.id, dispatcher, { to: 'accepted' });
      const res = await move(ctx, event.id, dispatcher, { to: 'dispatched', department: '城管执法中队' });
      expect(res.json()).toMatchObject({ status: 'dispatched', department: '城管执法中队' });
    });

    it('computes due times from the report and flags overdue as a fake clock moves on', async () => {
      const t0 = new Date('2026-06-01T00:00:00Z');
      let now = t0;
      ctx.app.events.clock = () => now;
      try {
        const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
        const p = await pointInFirstGrid(ctx.db);
        const dispatcher = await loginAs(ctx, 'dispatcher');
        const event = (await report(ctx, basicReport(p.lon, p.lat, { category: '街面秩序', subcategory: '占道经营' }))).json();
        expect(event.reported_at).toBe(t0.toISOString());
        expect(event.due).toEqual({ arrive: at(3).toISOString(), solve: at(24).toISOString(), feedback: at(36).toISOString(), acceptance: at(48).toISOString() });
        expect(event).toMatchObject({ next_due: { milestone: 'arrive', at: at(3).toISOString() }, overdue: false });
        const get = async () => (await ctx.app.inject({ url: `/api/events/${event.id}`, headers: { cookie: dispatcher } })).json();
        const overdueIds = async () => (await ctx.app.inject({ url: '/api/events?overdue=true&limit=1000&from=2026-05-31T00:00:00Z', headers: { cookie: dispatcher } })).json().items.map((e: { id: number }) => e.id);
        now = at(2);
        expect((await get()).overdue).toBe(false);
        expect(await overdueIds()).not.toContain(event.id);
        now = at(4);
        expect((await get()).overdue).toBe(true);
        expect(await overdueIds()).toContain(event.id);
        await move(ctx, event.id, dispatcher, { to: 'accepted' });
        await move(ctx, event.id, dispatcher, { to: 'dispatched' });
        const started = await move(ctx, event.id, dispatcher, { to: 'in_progress' });
        expect(started.json()).toMatchObject({ next_due: { milestone: 'solve', at: at(24).toISOString() }, overdue: false });
        expect((await get()).log.at(-1).at).toBe(at(4).toISOString());
        now = at(25);
        expect((await get()).overdue).toBe(true);
        await move(ctx, event.id, dispatcher, { to: 'resolved' });
        expect((await get())).toMatchObject({ next_due: { milestone: 'feedback' }, overdue: false });
        now = at(37);
        expect((await get()).overdue).toBe(true);
      } finally {
        ctx.app.events.clock = () => new Date();
      }
    });

    it('suggests the same category within 50 m and 24 h as a duplicate, and merges it into the original', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const category = { category: '突发事件', subcategory: '井盖缺失' };
      const original = (await report(ctx, basicReport(p.lon, p.lat, category))).json();
      const near = (await report(ctx, basicReport(p.lon + 0.0002, p.lat, category))).json(); // ≈ 20 m east
      const far = (await report(ctx, basicReport(p.lon + 0.0008, p.lat, category))).json(); // ≈ 80 m
      const other = (await report(ctx, basicReport(p.lon, p.lat, { category: '其他事件', subcategory: '噪音扰民' }))).json();
      const dup = (await ctx.app.inject({ url: `/api/events/${near.id}/duplicates`, headers: { cookie: dispatcher } })).json();
      expect(dup.map((d: { id: number }) => d.id)).toEqual([original.id]);
      expect(dup[0].distance_m).toBeGreaterThan(10);
      expect(dup[0].distance_m).toBeLessThan(30);
      const ofOriginal = (await ctx.app.inject({ url: `/api/events/${original.id}`, headers: { cookie: dispatcher } })).json().duplicates.map((d: { id: number }) => d.id);
      expect(ofOriginal).toContain(near.id);
      expect(ofOriginal).not.toContain(far.id);
      expect(ofOriginal).not.toContain(other.id);
      expect((await move(ctx, near.id, dispatcher, { to: 'merged', original_id: other.id })).statusCode).toBe(409);
      const merged = await move(ctx, near.id, dispatcher, { to: 'merged', original_id: original.id });
      expect(merged.json()).toMatchObject({ status: 'merged', merged_into: original.id });
      expect((await ctx.app.inject({ url: `/api/events/${original.id}/duplicates`, headers: { cookie: dispatcher } })).json().map((d: { id: number }) => d.id)).not.toContain(near.id);
    });

    it('lists with filters and paging, and counts per grid', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const list = async (q: string) => (await ctx.app.inject({ url: `/api/events?${q}`, headers: { cookie: dispatcher } })).json();
      const all = await list('limit=5');
      expect(all.total).toBeGreaterThan(100); // the seeded history
      expect(all.items).toHaveLength(5);
      const next = await list('limit=5&offset=5');
      expect(next.items[0].reported_at <= all.items[4].reported_at).toBe(true);
      expect(new Set([...all.items, ...next.items].map((e: { id: number }) => e.id)).size).toBe(10);
      const closed = await list('status=closed,evaluated&limit=1000');
      expect(closed.items.every((e: { status: string }) => ['closed', 'evaluated'].includes(e.status))).toBe(true);
      const inGrid = await list(`grid=${p.grid_id}&category=${encodeURIComponent('市容环境')}&limit=1000`);
      expect(inGrid.total).toBeGreaterThan(0);
      expect(inGrid.items.every((e: { grid_ids: number[]; category: string }) => e.grid_ids.includes(p.grid_id) && e.category === '市容环境')).toBe(true);
      const d = 0.001;
      const boxed = await list(`bbox=${p.lon - d},${p.lat - d},${p.lon + d},${p.lat + d}&limit=1000`);
      expect(boxed.items.every((e: { lon: number; lat: number }) => Math.abs(e.lon - p.lon) <= d && Math.abs(e.lat - p.lat) <= d)).toBe(true);
      const recent = await list(`from=${new Date(Date.now() - 86_400_000).toISOString()}&limit=1000`);
      expect(recent.total).toBeLessThan(all.total);
      expect((await ctx.app.inject({ url: '/api/events?status=bogus', headers: { cookie: dispatcher } })).statusCode).toBe(400);
      expect((await ctx.app.inject({ url: '/api/events?bbox=1,1,0,0', headers: { cookie: dispatcher } })).statusCode).toBe(400);
      expect((await ctx.app.inject('/api/events')).statusCode).toBe(401);
      const stats = (await ctx.app.inject({ url: '/api/events/stats', headers: { cookie: dispatcher } })).json().grids;
      const mine = stats.find((s: { grid_id: number }) => s.grid_id === p.grid_id);
      expect(mine.total).toBe(Object.values(mine.by_category as Record<string, number>).reduce((a, b) => a + b, 0));
      const { rows: closedRows } = await ctx.db.query<{ h: number }>(
        `select extract(epoch from closed_at - reported_at) / 3600 as h from event where grid_ids[2] = $1 and status <> 'merged' and closed_at is not null`, [p.grid_id]);
      const hours = closedRows.map((r) => Number(r.h)).sort((a, b) => a - b);
      const mid = (hours.length - 1) / 2;
      const median = (hours[Math.floor(mid)] + hours[Math.ceil(mid)]) / 2;
      expect(mine.median_hours_to_close).toBeCloseTo(median, 1);
      expect(mine.total).toBe(Number((await ctx.db.query<{ n: number }>(`select count(*)::int as n from event where grid_ids[2] = $1 and status <> 'merged'`, [p.grid_id])).rows[0].n));
      expect(mine.overdue_rate).toBeGreaterThanOrEqual(0);
      expect(mine.overdue_rate).toBeLessThanOrEqual(1);
    });

    it('streams a new report to an open /api/events/stream', async () => {
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const res = await fetch(`${address}/api/events/stream`, { headers: { cookie: dispatcher }, signal: controller.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const p = await pointInFirstGrid(ctx.db);
      const started = Date.now();
      const event = (await report(ctx, basicReport(p.lon, p.lat))).json();
      let text = '';
      while (!text.includes(`"id":${event.id},`)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(Date.now() - started).toBeLessThan(2000);
      expect(text).toMatch(/event: reported\ndata: \{"id":/);
      expect(text).not.toContain('13900001111');
      controller.abort();
      const anonymous = await fetch(`${address}/api/events/stream`);
      expect(anonymous.status).toBe(401);
    });
  });
}

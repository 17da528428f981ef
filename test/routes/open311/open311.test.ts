// Open311 GeoReport v2: discovery, services from our categories, a round trip (POST then GET by id)
// with status and expected_datetime from our loop and time limits, form bodies, idempotency, bad input.
import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { count, pointInFirstGrid } from '../events/events.fixture.ts';

for (const backend of backends) {
  describe(`Open311 GeoReport v2 (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');

    it('describes itself and lists our categories as services', async () => {
      const discovery = (await ctx.app.inject('/open311/v2/discovery.json')).json();
      expect(discovery.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json'] });
      const services = (await ctx.app.inject('/open311/v2/services.json')).json();
      expect(new Set(services.map((s: { group: string }) => s.group))).toEqual(new Set(['市容环境', '宣传广告', '施工管理', '街面秩序', '突发事件', '其他事件']));
      expect(services.find((s: { service_name: string }) => s.service_name === '井盖缺失')).toMatchObject({ group: '突发事件', metadata: false, type: 'realtime' });
    });

    it('round-trips a request: POST, then GET by id with status and expected_datetime from our loop', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const services = (await ctx.app.inject('/open311/v2/services.json')).json();
      const code = services.find((s: { service_name: string }) => s.service_name === '暴露垃圾').service_code;
      const posted = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: code, lat: p.lat, long: p.lon, description: '垃圾没人收', phone: '13900003333', first_name: '四', last_name: '李' } });
      expect(posted.statusCode).toBe(201);
      const [{ service_request_id: id }] = posted.json();
      const got = await ctx.app.inject(`/open311/v2/requests/${id}.json`);
      expect(got.statusCode).toBe(200);
      const [request] = got.json();
      expect(request).toMatchObject({ service_request_id: id, status: 'open', service_code: code, service_name: '暴露垃圾', lat: p.lat, long: p.lon });
      const event = (await ctx.db.query<{ due: { acceptance: string }; source: string; grid_id: number }>('select due, source, grid_id from event where id = $1', [Number(id)])).rows[0];
      expect(event.source).toBe('open311');
      expect(Date.parse(request.expected_datetime)).toBe(Date.parse(event.due.acceptance));
      expect(got.body).not.toContain('13900003333');
      expect(got.body).not.toContain('李四');
      expect((await ctx.db.query('select phone from event_reporter where event_id = $1', [Number(id)])).rows[0]).toEqual({ phone: '13900003333' });

      const dispatcher = await loginAs(ctx, 'dispatcher');
      await ctx.app.inject({ method: 'POST', url: `/api/events/${id}/transitions`, headers: { cookie: dispatcher }, payload: { to: 'rejected', note: '重复投诉' } });
      const [closed] = (await ctx.app.inject(`/open311/v2/requests.json?service_request_id=${id}`)).json();
      expect(closed).toMatchObject({ status: 'closed', status_notes: 'rejected', expected_datetime: null });
      const list = (await ctx.app.inject('/open311/v2/requests.json?status=closed')).json();
      expect(list.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
      expect(list.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    });

    it('takes form-encoded requests and honours Idempotency-Key', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const before = await count(ctx.db);
      const form = `service_code=05.07&lat=${p.lat}&long=${p.lon}&description=${encodeURIComponent('井盖不见了')}`;
      const send = () => ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'open311-retry-1' } });
      const first = await send();
      const again = await send();
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
      expect(await count(ctx.db)).toBe(before + 1);
    });

    it('refuses bad requests with a clear 4xx and stores nothing', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const before = await count(ctx.db);
      const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload });
      expect((await post({ service_code: '99.99', lat: p.lat, long: p.lon })).statusCode).toBe(400);
      expect((await post({ service_code: '01.01' })).json().message).toMatch(/location/);
      expect((await post({ service_code: '01.01', lat: 0, long: 0 })).statusCode).toBe(422);
      expect((await post({ lat: p.lat, long: p.lon })).statusCode).toBe(400);
      expect((await ctx.app.inject('/open311/v2/requests/999999.json')).statusCode).toBe(404);
      expect((await ctx.app.inject('/open311/v2/requests/abc.json')).statusCode).toBe(400);
      expect(await count(ctx.db)).toBe(before);
    });
  });
}

// Intake: placement by the /api/lookup rule, Idempotency-Key, who may report, photos and bad input.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { bearerFor, loginAs } from '../../helpers/auth.ts';
import { PNG, basicReport, count, multipart, pointInFirstGrid, report } from './events.fixture.ts';

for (const backend of backends) {
  describe(`event intake (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');

    it('stores an anonymous app report with the grid chain and worker /api/lookup gives for the point, reporter kept apart', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const res = await report(ctx, basicReport(p.lon, p.lat));
      expect(res.statusCode).toBe(201);
      const event = res.json();
      const lookup = (await ctx.app.inject(`/api/lookup?lon=${p.lon}&lat=${p.lat}`)).json();
      expect(event.grid_ids).toEqual(lookup.grids.map((g: { id: number }) => g.id));
      expect(event.grid_ids[1]).toBe(p.grid_id);
      expect(event.worker.name).toBe(lookup.worker.name);
      expect(event.status).toBe('reported');
      expect(res.body).not.toContain('13900001111');
      expect(res.body).not.toContain('张三测试');
      const stored = await ctx.db.query<{ name: string; phone: string }>('select name, phone from event_reporter where event_id = $1', [event.id]);
      expect(stored.rows[0]).toEqual({ name: '张三测试', phone: '13900001111' });
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const detail = await ctx.app.inject({ url: `/api/events/${event.id}`, headers: { cookie: dispatcher } });
      expect(detail.json().log).toMatchObject([{ from_status: null, to_status: 'reported', actor: '居民（App）' }]);
      expect(detail.body).not.toContain('13900001111');
    });

    it('places a point on a boundary shared by two grids exactly as /api/lookup does', async () => {
      const { rows } = await ctx.db.query<{ lon: number; lat: number }>(
        `select ST_X(p) as lon, ST_Y(p) as lat from grid a join grid b on a.id < b.id and a.level = b.level and a.level = 2
            and a.valid_to is null and b.valid_to is null and ST_Intersects(a.geom, b.geom),
            ST_PointOnSurface(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) as p
          where not ST_IsEmpty(p) order by a.code, b.code limit 3`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const event = (await report(ctx, basicReport(Number(r.lon), Number(r.lat)))).json();
        const lookup = (await ctx.app.inject(`/api/lookup?lon=${r.lon}&lat=${r.lat}`)).json();
        expect(event.grid_ids).toEqual(lookup.grids.map((g: { id: number }) => g.id));
        expect(event.worker?.name ?? null).toBe(lookup.worker?.name ?? null);
      }
    });

    it('places a report by building id and by address', async () => {
      const { rows: [b] } = await ctx.db.query<{ id: number; lon: number; lat: number; name: string }>('select id, ST_X(geom) as lon, ST_Y(geom) as lat, name from building order by id limit 1');
      const byId = (await report(ctx, { ...basicReport(0, 0), location: { building_id: Number(b.id) } })).json();
      expect([byId.lon, byId.lat]).toEqual([Number(b.lon), Number(b.lat)]);
      const byAddress = await report(ctx, { ...basicReport(0, 0), location: { address: b.name } });
      expect(byAddress.statusCode).toBe(201);
      expect(byAddress.json().grid_ids.length).toBeGreaterThan(0);
      const nowhere = await report(ctx, { ...basicReport(0, 0), location: { address: 'qqqqzzzz不存在的地方' } });
      expect(nowhere.statusCode).toBe(422);
    });

    it('stores one event for a retried Idempotency-Key, also when the retries race', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const before = await count(ctx.db);
      const headers = { 'idempotency-key': 'retry-key-0001' };
      const first = await report(ctx, basicReport(p.lon, p.lat), headers);
      const again = await report(ctx, basicReport(p.lon, p.lat), headers);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const race = await Promise.all(Array.from({ length: 12 }, () => report(ctx, basicReport(p.lon, p.lat), { 'idempotency-key': 'race-key-0002' })));
      expect(new Set(race.map((r) => r.json().id)).size).toBe(1);
      expect(race.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(await count(ctx.db)).toBe(before + 2);
      expect(await count(ctx.db, "event_log where to_status = 'reported' and from_status is null and event_id >= " + first.json().id)).toBe(2);
    });

    it('lets only grid workers file patrol reports and only dispatchers (or their API tokens) hotline reports', async () => {
      const p = await pointInFirstGrid(ctx.db);
      expect((await report(ctx, basicReport(p.lon, p.lat, { source: 'hotline' }))).statusCode).toBe(401);
      expect((await report(ctx, basicReport(p.lon, p.lat, { source: 'patrol' }))).statusCode).toBe(401);
      const worker = await loginAs(ctx, 'grid_worker');
      expect((await report(ctx, basicReport(p.lon, p.lat, { source: 'hotline' }), { cookie: worker })).statusCode).toBe(403);
      const patrol = await report(ctx, basicReport(p.lon, p.lat, { source: 'patrol', reporter: undefined }), { cookie: worker });
      expect(patrol.statusCode).toBe(201);
      const token = await bearerFor(ctx, 'dispatcher');
      expect((await report(ctx, basicReport(p.lon, p.lat, { source: 'hotline' }), { authorization: token })).statusCode).toBe(201);
    });

    it('refuses bad input with a clear 4xx and stores nothing', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const before = await count(ctx.db);
      const cases: Array<[object, number, RegExp]> = [
        [basicReport(p.lon, p.lat, { category: '不存在' }), 400, /unknown category/],
        [basicReport(p.lon, p.lat, { subcategory: '不存在' }), 400, /unknown subcategory/],
        [{ ...basicReport(p.lon, p.lat), location: undefined }, 400, /location/],
        [{ ...basicReport(p.lon, p.lat), location: {} }, 400, /location/],
        [{ ...basicReport(p.lon, p.lat), location: { lon: p.lon } }, 400, /lon and lat/],
        [basicReport(0, 0), 422, /outside every grid/],
        [basicReport(p.lon, p.lat, { source: 'carrier-pigeon' }), 400, /source/],
        [basicReport(p.lon, p.lat, { reporter: { phone: '<script>' } }), 400, /phone/],
      ];
      for (const [body, status, message] of cases) {
        const res = await report(ctx, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.json().message).toMatch(message);
      }
      expect(await count(ctx.db)).toBe(before);
    });

    it('takes photos in a multipart report, checks them by content and size, and leaves nothing of a refused one', async () => {
      const p = await pointInFirstGrid(ctx.db);
      const dir = ctx.app.events.photos.dir;
      const files = () => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);
      const json = JSON.stringify(basicReport(p.lon, p.lat));
      const ok = multipart([{ name: 'event', data: json }, { name: 'photo', filename: 'a.png', type: 'image/png', data: PNG }]);
      const res = await ctx.app.inject({ method: 'POST', url: '/api/events', ...ok });
      expect(res.statusCode).toBe(201);
      const [photo] = res.json().photos;
      expect(photo).toMatch(/^[0-9a-f]{32}\.png$/);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      const served = await ctx.app.inject({ url: `/api/events/photos/${photo}`, headers: { cookie: dispatcher } });
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.rawPayload.equals(PNG)).toBe(true);
      expect((await ctx.app.inject(`/api/events/photos/${photo}`)).statusCode).toBe(401);

      const before = { events: await count(ctx.db), files: files() };
      const bad: Array<[ReturnType<typeof multipart>, number]> = [
        [multipart([{ name: 'event', data: json }, { name: 'photo', filename: 'x.jpg', type: 'image/jpeg', data: '<html>not an image</html>' }]), 415],
        [multipart([{ name: 'event', data: json }, { name: 'photo', filename: 'big.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]) }]), 413],
        [multipart([{ name: 'photo', filename: 'a.png', type: 'image/png', data: PNG }]), 400],
        [multipart([{ name: 'event', data: '{not json' }]), 400],
        [multipart([{ name: 'event', data: JSON.stringify(basicReport(0, 0)) }, { name: 'photo', filename: 'a.png', data: PNG }]), 422],
        [{ payload: Buffer.from('--wanggeBoundary42\r\nContent-Disposition: form-data; name="event"\r\n\r\n{"cat'), headers: { 'content-type': 'multipart/form-data; boundary=wanggeBoundary42' } }, 400],
      ];
      for (const [body, status] of bad) {
        const r = await ctx.app.inject({ method: 'POST', url: '/api/events', ...body });
        expect(r.statusCode, r.body).toBe(status);
        expect(r.json().message.length).toBeGreaterThan(5);
      }
      expect({ events: await count(ctx.db), files: files() }).toEqual(before);
    });
  });
}

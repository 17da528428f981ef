import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { generationTimes, ids, insertNestedGrids } from '../../fixtures/nested-grids.fixture.ts';

for (const backend of backends) {
  describe(`GET /api/lookup (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => insertNestedGrids(ctx.db));

    const lookup = async (query: string) => ctx.app.inject({ method: 'GET', url: `/api/lookup?${query}` });
    const chain = async (query: string) => (await lookup(query)).json().grids.map((g: { id: number }) => g.id);

    it('returns the chain from community to building group and the worker’s public contact only', async () => {
      const res = await lookup('lon=118.805&lat=32.105');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.grids.map((g: { id: number }) => g.id)).toEqual([ids.A, ids.A1, ids.A1a]);
      expect(body.grids[2]).toEqual({ id: ids.A1a, code: '320113001001001001', name: 'A1南楼组', level: 3, parent_id: ids.A1 });
      expect(body.worker).toMatchObject({ name: "王 '网格员'", phone: '025-0000-0001' });
      expect(res.body).not.toContain('13800001111');
      expect(res.body).not.toContain('320113199001011234');
    });

    it('answers an empty chain outside every grid', async () => {
      const res = await lookup('lon=100&lat=20');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ grids: [], worker: null });
    });

    it('resolves a point on a shared boundary by the documented rule (lowest code at a tie)', async () => {
      // x = 118.82 is the A|B community boundary: A2 and B1 both touch it; A2 has the lower code.
      expect(await chain('lon=118.82&lat=32.115')).toEqual([ids.A, ids.A2]);
    });

    it('answers for the generation in force at `at`, and the current one without it', async () => {
      expect(await chain('lon=118.812&lat=32.115')).toEqual([ids.A, ids.A1]);
      expect(await chain(`lon=118.812&lat=32.115&at=2026-03-01T00:00:00Z`)).toEqual([ids.A, ids.A2]);
      expect(await chain(`lon=118.812&lat=32.115&at=${generationTimes[1]}`)).toEqual([ids.A, ids.A1]);
      const before = (await lookup('lon=118.812&lat=32.115&at=2025-01-01')).json();
      expect(before).toMatchObject({ generation: null, grids: [] });
    });

    it.each([
      ['lat=32.1', /lon/],
      ['lon=118.8', /lat/],
      ['lon=abc&lat=32', /lon.*number/],
      ['lon=200&lat=32', /lon.*<= 180/],
      ['lon=118&lat=-91', /lat.*>= -90/],
      ['lon=118.8&lat=32.1&at=yesterday', /at must be an ISO 8601 time/],
      ['lon=118.8&lat=32.1&zoom=3', /additional properties/],
    ])('rejects %s with a 400 that says what is wrong', async (query, message) => {
      const res = await lookup(query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.json().message).toMatch(message);
    });
  });

  describe(`POST /api/lookup/batch (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => insertNestedGrids(ctx.db));

    const points = [
      { id: 'a', lon: 118.805, lat: 32.105 },
      { id: 'b', lon: 118.812, lat: 32.115 },
      { id: 'c', lon: 118.83, lat: 32.11 },
      { id: 'd', lon: 100, lat: 20 },
      { id: 'e', lon: 118.82, lat: 32.115 },
      { id: 7, lon: 118.805, lat: 32.11 },
    ];

    it('assigns a JSON array like single lookups do, boundary points included', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/lookup/batch', payload: points });
      expect(res.statusCode).toBe(200);
      const singles = await Promise.all(points.map(async (p) => (await ctx.app.inject(`/api/lookup?lon=${p.lon}&lat=${p.lat}`)).json().grids.map((g: { id: number }) => g.id)));
      expect(res.json()).toEqual(points.map((p, i) => ({ id: String(p.id), grids: singles[i] })));
      expect(res.json()[3].grids).toEqual([]);
    });

    it('takes and answers NDJSON', async () => {
      const res = await ctx.app.inject({
        method: 'POST', url: '/api/lookup/batch', headers: { 'content-type': 'application/x-ndjson' },
        payload: points.map((p) => JSON.stringify(p)).join('\n'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/ndjson/);
      const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).toEqual({ id: 'a', grids: [ids.A, ids.A1, ids.A1a] });
      expect(lines).toHaveLength(points.length);
    });

    it.each([
      ['application/x-ndjson', '{"id":1,"lon":118.8,"lat":32.1}\n{oops', /line 2 is not valid JSON/],
      ['application/x-ndjson', '{"id":1,"lon":"x","lat":32.1}', /line 1: lon must be a number/],
      ['application/json', '{"id":1}', /JSON array/],
      ['application/json', '[{"id":1,"lon":118.8,"lat":95}]', /item 0: lat must be a number from -90 to 90/],
      ['application/json', '[{"lon":118.8,"lat":32}]', /item 0: id must be/],
      ['application/json', '[1,2', /JSON/],
    ])('rejects malformed input (%s %s)', async (type, payload, message) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/lookup/batch', headers: { 'content-type': type }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    });
  });
}

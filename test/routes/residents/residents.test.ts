import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

interface Resident {
  id: number;
  household_id: number;
  name: string;
  id_number: string | null;
  phone: string | null;
  tags: string[];
  household: { tags: string[] };
  building: { id: number };
  grid: { id: number } | null;
  masked: boolean;
}

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;

for (const backend of backends) {
  describe(`resident registry (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let worker: string; // the worker of the first level-2 grid
    let ownGrid: number;
    let otherGrid: number;
    /** resident id → the grid chain of their building, by the public lookup (an independent placement) */
    const chainOf = new Map<number, number[]>();

    beforeAll(async () => {
      admin = await loginAs(ctx, 'admin');
      const grids = (await ctx.db.query<{ id: number; worker_id: number }>('select id, worker_id from grid where valid_to is null and level = 2 order by code')).rows;
      ownGrid = Number(grids[0].id);
      otherGrid = Number(grids[1].id);
      worker = await loginAs(ctx, 'grid_worker', { staffId: Number(grids[0].worker_id) });
      const buildings = (await ctx.db.query<{ id: number; lon: number; lat: number }>('select id, ST_X(geom) lon, ST_Y(geom) lat from building')).rows;
      const chains = new Map<number, number[]>();
      for (const b of buildings) {
        const res = await ctx.app.inject(`/api/lookup?lon=${b.lon}&lat=${b.lat}`);
        chains.set(Number(b.id), res.json().grids.map((g: { id: number }) => g.id));
      }
      const residents = (await ctx.db.query<{ id: number; building_id: number }>('select r.id, h.building_id from resident r join household h on h.id = r.household_id')).rows;
      for (const r of residents) chainOf.set(Number(r.id), chains.get(Number(r.building_id)) ?? []);
    });

    const get = (url: string, cookie: string) => ctx.app.inject({ url, headers: { cookie } });
    async function all(url: string, cookie: string): Promise<Resident[]> {
      const out: Resident[] = [];
      for (let offset = 0; ; offset += 1000) {
        const res = await get(`${url}${url.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`, cookie);
        expect(res.statusCode, res.body).toBe(200);
        out.push(...res.json().items);
        if (out.length >= res.json().total) return out;
      }
    }

    it('shows a grid worker exactly the residents of their own grid, masked', async () => {
      const mine = await all('/api/residents', worker);
      const expected = [...chainOf].filter(([, chain]) => chain.includes(ownGrid)).map(([id]) => id).sort((a, b) => a - b);
      expect(expected.length).toBeGreaterThan(100);
      expect(mine.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
      const truth = new Map((await ctx.db.query<{ id: number; id_number: string; phone: string | null }>('select id, id_number, phone from resident')).rows.map((r) => [Number(r.id), r]));
      for (const r of mine) {
        expect(r.masked).toBe(true);
        expect(r.id_number).toMatch(MASKED_ID);
        expect(r.id_number!.slice(-4)).toBe(truth.get(r.id)!.id_number.slice(-4));
        if (r.phone !== null) expect(r.phone).toMatch(MASKED_PHONE);
        expect(chainOf.get(r.id)).toContain(r.grid!.id);
      }
    });

    it('shows an admin every resident in full', async () => {
      const res = await get('/api/residents?limit=3', admin);
      const { total, items } = res.json();
      expect(total).toBe(chainOf.size);
      for (const r of items as Resident[]) {
        const row = (await ctx.db.query<{ id_number: string; phone: string }>('select id_number, phone from resident where id = $1', [r.id])).rows[0];
        expect(r).toMatchObject({ masked: false, id_number: row.id_number, phone: row.phone });
      }
    });

    it('answers 403 when a grid worker asks for another grid, its parent, or a record there; 404 for none', async () => {
      for (const url of [`/api/residents?grid=${otherGrid}`, '/api/residents?grid=1', `/api/households?grid=${otherGrid}`, `/api/ledgers/households?grid=${otherGrid}`, `/api/ledgers/key-groups?grid=${otherGrid}`]) {
        const res = await get(url, worker);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().message).toMatch(/not one of your grids/);
      }
      const stranger = [...chainOf].find(([, chain]) => !chain.includes(ownGrid) && chain.length)![0];
      const res = await get(`/api/residents/${stranger}`, worker);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toMatch(/"name"/);
      const household = (await ctx.db.query<{ household_id: number }>('select household_id from resident where id = $1', [stranger])).rows[0].household_id;
      expect((await get(`/api/households/${household}`, worker)).statusCode).toBe(403);
      expect((await get(`/api/residents/${stranger}`, admin)).statusCode).toBe(200);
      expect((await get('/api/residents/99999999', admin)).statusCode).toBe(404);
      expect((await get('/api/residents?grid=99999999', worker)).statusCode).toBe(404);
    });

    it('narrows to a child grid of one’s own', async () => {
      const child = (await ctx.db.query<{ id: number }>('select id from grid where valid_to is null and parent_id = $1 order by code limit 1', [ownGrid])).rows[0].id;
      const inChild = await all(`/api/residents?grid=${child}`, worker);
      expect(inChild.length).toBe([...chainOf.values()].filter((c) => c.includes(Number(child))).length);
      for (const r of inChild) expect(r.grid!.id).toBe(Number(child));
    });

    it('reveals full numbers to the grid’s own worker only when asked, and audits it as read_full', async () => {
      const own = [...chainOf].find(([, chain]) => chain.includes(ownGrid))![0];
      const masked = (await get(`/api/residents/${own}`, worker)).json();
      expect(masked.id_number).toMatch(MASKED_ID);
      const full = await get(`/api/residents/${own}?reveal=true`, worker);
      const row = (await ctx.db.query<{ id_number: string }>('select id_number from resident where id = $1', [own])).rows[0];
      expect(full.json()).toMatchObject({ id: own, id_number: row.id_number, masked: false });
      const audit = (await ctx.db.query<{ action: string; actor_role: string }>(`select action, actor_role from audit where entity = 'resident' and entity_id = $1 order by id`, [String(own)])).rows;
      expect(audit.slice(-2)).toEqual([{ action: 'read', actor_role: 'grid_worker' }, { action: 'read_full', actor_role: 'grid_worker' }]);
      // planners and dispatchers reach no resident at all, reveal or not
      const planner = await loginAs(ctx, 'planner');
      expect((await get(`/api/residents/${own}?reveal=true`, planner)).statusCode).toBe(403);
    });

    it('writes one audit row per resident read, naming who read which record', async () => {
      const before = Number((await ctx.db.query<{ n: number }>(`select count(*)::int n from audit where entity = 'resident'`)).rows[0].n);
      const page = (await get('/api/residents?limit=25&offset=10', worker)).json().items as Resident[];
      const rows = (await ctx.db.query<{ entity_id: string; action: string; actor: string; ip: string }>(
        `select entity_id, action, actor, ip from audit where entity = 'resident' order by id offset $1`, [before],
      )).rows;
      expect(rows.map((r) => Number(r.entity_id)).sort((a, b) => a - b)).toEqual(page.map((r) => r.id).sort((a, b) => a - b));
      expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['read']));
      expect(rows[0].actor).toMatch(/^grid-worker-/);
      expect(rows[0].ip).toBe('127.0.0.1');
    });

    it('filters by key-group tag (the resident’s or the household’s) and by name or ID number', async () => {
      const elderly = await all(`/api/residents?tag=${encodeURIComponent('独居老人')}`, admin);
      const count = (await ctx.db.query<{ n: number }>(`select count(*)::int n from resident r join household h on h.id = r.household_id where '独居老人' = any(r.tags) or '独居老人' = any(h.tags)`)).rows[0].n;
      expect(elderly.length).toBe(Number(count));
      expect(elderly.length).toBeGreaterThan(50);
      for (const r of elderly) expect([...r.tags, ...r.household.tags]).toContain('独居老人');
      const someone = (await ctx.db.query<{ id: number; name: string; id_number: string }>('select id, name, id_number from resident order by id limit 1')).rows[0];
      const byNumber = (await get(`/api/residents?q=${someone.id_number}`, admin)).json();
      expect(byNumber.items.map((r: Resident) => r.id)).toEqual([Number(someone.id)]);
      const byName = (await get(`/api/residents?q=${encodeURIComponent(someone.name.slice(1))}&limit=1000`, admin)).json().items as Resident[];
      expect(byName.map((r) => r.id)).toContain(Number(someone.id));
      for (const r of byName) expect(r.name).toContain(someone.name.slice(1));
    });

    it('sets tags on a resident and a household of one’s own grid, audited; 403 elsewhere, 400 for bad tags', async () => {
      const own = [...chainOf].find(([, chain]) => chain.includes(ownGrid))![0];
      const stranger = [...chainOf].find(([, chain]) => !chain.includes(ownGrid) && chain.length)![0];
      const patch = (url: string, payload: object, cookie = worker) => ctx.app.inject({ method: 'PATCH', url, payload, headers: { cookie } });
      const res = await patch(`/api/residents/${own}`, { tags: ['失业人员', '残疾人'] });
      expect(res.statusCode).toBe(200);
      expect(res.json().tags).toEqual(['失业人员', '残疾人']);
      expect((await ctx.db.query('select tags from resident where id = $1', [own])).rows[0]).toEqual({ tags: ['失业人员', '残疾人'] });
      const audit = (await ctx.db.query<{ detail: { tags: string[] } }>(`select detail from audit where action = 'update' and entity = 'resident' and entity_id = $1`, [String(own)])).rows;
      expect(audit[0].detail.tags).toEqual(['失业人员', '残疾人']);
      expect((await patch(`/api/residents/${stranger}`, { tags: ['x'] })).statusCode).toBe(403);
      for (const tags of [['a b'], ['x'.repeat(21)], ['a;b'], 'x', ['dup', 'dup']]) expect((await patch(`/api/residents/${own}`, { tags })).statusCode).toBe(400);
      const household = (await ctx.db.query<{ household_id: number }>('select household_id from resident where id = $1', [own])).rows[0].household_id;
      const h = await patch(`/api/households/${household}`, { tags: ['低保户'] });
      expect(h.statusCode).toBe(200);
      expect(h.json().tags).toEqual(['低保户']);
      const listed = await all(`/api/residents?tag=${encodeURIComponent('低保户')}&grid=${ownGrid}`, worker);
      expect(listed.map((r) => r.household_id)).toContain(Number(household));
    });

    it('lists households of a grid and opens one with its members', async () => {
      const res = await get(`/api/households?grid=${ownGrid}&limit=1000`, worker);
      const { total, items } = res.json();
      const expectedHouseholds = (await ctx.db.query<{ household_id: number; id: number }>('select household_id, id from resident')).rows
        .filter((r) => chainOf.get(Number(r.id))!.includes(ownGrid)).map((r) => Number(r.household_id));
      expect(total).toBe(new Set(expectedHouseholds).size);
      expect(res.body).not.toMatch(/id_number|phone|"name":"[^"]*"[^}]*"relation"/);
      const first = items[0];
      const one = (await get(`/api/households/${first.id}`, worker)).json();
      expect(one.residents).toHaveLength(first.members);
      for (const r of one.residents) expect(r).toMatchObject({ household_id: first.id, masked: true });
    });
  });
}

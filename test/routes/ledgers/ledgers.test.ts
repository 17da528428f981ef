import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../server/registry/csv.parse.ts';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

function readCsv(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const parsed = parseCsv(body);
  if (!parsed.valid) throw new Error(parsed.reason);
  return parsed.records.map((r) => r.fields);
}

for (const backend of backends) {
  describe(`ledgers (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let worker: string;
    let planner: string;
    let ownGrid: number;

    beforeAll(async () => {
      admin = await loginAs(ctx, 'admin');
      planner = await loginAs(ctx, 'planner');
      const first = (await ctx.db.query<{ id: number; worker_id: number }>('select id, worker_id from grid where valid_to is null and level = 2 order by code limit 1')).rows[0];
      ownGrid = Number(first.id);
      worker = await loginAs(ctx, 'grid_worker', { staffId: Number(first.worker_id) });
    });
    const get = (url: string, cookie: string) => ctx.app.inject({ url, headers: { cookie } });

    it('exports the household ledger (一户一档) of a grid as a UTF-8 CSV with BOM, every resident once, masked for a worker', async () => {
      const res = await get(`/api/ledgers/households?grid=${ownGrid}&format=csv`, worker);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="ledger-households-grid${ownGrid}-\\d{8}\\.csv"$`));
      const [header, ...rows] = readCsv(res.body);
      expect(header).toEqual(['网格编码', '网格', '小区', '楼栋编号', '楼栋', '地址', '单元', '房号', '户编号', '户标签', '人员编号', '姓名', '与户主关系', '身份证号', '电话', '人员标签']);
      const json = (await get(`/api/ledgers/households?grid=${ownGrid}&limit=1`, worker)).json();
      expect(rows.length).toBe(json.total);
      expect(new Set(rows.map((r) => r[10])).size).toBe(rows.length);
      for (const r of rows) {
        expect(r[13]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
        expect(r[0].startsWith(json.items[0].grid.code.slice(0, 15))).toBe(true);
      }
      const audit = (await ctx.db.query<{ n: number }>(`select count(*)::int n from audit where action = 'export' and entity = 'ledger' and entity_id = 'households'`)).rows[0];
      expect(audit.n).toBe(1);
    });

    it('exports full numbers to an admin, and the CSV opens the same in a spreadsheet (BOM, CRLF)', async () => {
      const res = await get('/api/ledgers/households?format=csv', admin);
      expect(res.body.slice(0, 200)).toContain('\r\n');
      const rows = readCsv(res.body).slice(1);
      const total = (await ctx.db.query<{ n: number }>('select count(*)::int n from resident')).rows[0].n;
      expect(rows.length).toBe(total);
      const truth = new Map((await ctx.db.query<{ id: number; id_number: string }>('select id, id_number from resident')).rows.map((r) => [String(r.id), r.id_number]));
      for (const r of rows.slice(0, 50)) expect(r[13]).toBe(truth.get(r[10]));
    });

    it('lists key groups by tag, from the resident or the household', async () => {
      const res = await get(`/api/ledgers/key-groups?tag=${encodeURIComponent('低保户')}&limit=1000`, admin);
      const expected = (await ctx.db.query<{ n: number }>(`select count(*)::int n from resident r join household h on h.id = r.household_id where '低保户' = any(r.tags) or '低保户' = any(h.tags)`)).rows[0].n;
      expect(res.json().total).toBe(expected);
      expect(expected).toBeGreaterThan(0);
      for (const r of res.json().items) expect([...r.tags, ...r.household.tags]).toContain('低保户');
      const tagged = (await get('/api/ledgers/key-groups?limit=1000', worker)).json();
      for (const r of tagged.items) expect(r.tags.length + r.household.tags.length).toBeGreaterThan(0);
    });

    it('lists units (驻区单位) of kind unit, buildings and compounds, by grid, for planners too', async () => {
      const all = (await get('/api/ledgers/units?limit=1000', planner)).json();
      const expected = (await ctx.db.query<{ n: number }>(`select (select count(*) from building where kind = 'unit') + (select count(*) from compound where kind = 'unit')::int as n`)).rows[0].n;
      expect(all.total).toBe(Number(expected));
      expect(new Set(all.items.map((u: { kind: string }) => u.kind))).toEqual(new Set(['building', 'compound']));
      const mine = (await get('/api/ledgers/units?limit=1000', worker)).json();
      expect(mine.total).toBeLessThan(all.total);
      for (const u of mine.items) expect(u.grid.code.startsWith(all.items.find((x: { id: number; kind: string }) => x.id === u.id && x.kind === u.kind).grid.code.slice(0, 15))).toBe(true);
      const csv = readCsv((await get('/api/ledgers/units?format=csv', planner)).body);
      expect(csv[0]).toEqual(['网格编码', '网格', '类型', '编号', '单位名称', '地址', '所在小区', '物业公司', '物业电话']);
      expect(csv.length - 1).toBe(all.total);
    });

    it('lists workers by grid; private phones and ID numbers for admins only, and that read audited', async () => {
      const forPlanner = await get('/api/ledgers/workers?limit=1000', planner);
      const grids = (await ctx.db.query<{ n: number }>('select count(*)::int n from grid where valid_to is null')).rows[0].n;
      expect(forPlanner.json().total).toBe(grids);
      const privatePhones = (await ctx.db.query<{ private_phone: string; id_number: string }>('select private_phone, id_number from staff_private')).rows;
      for (const p of privatePhones) {
        expect(forPlanner.body).not.toContain(p.private_phone);
        expect(forPlanner.body).not.toContain(p.id_number);
      }
      expect(readCsv((await get('/api/ledgers/workers?format=csv', planner)).body)[0]).not.toContain('私人电话');
      const forAdmin = await get('/api/ledgers/workers?format=csv', admin);
      const header = readCsv(forAdmin.body)[0];
      expect(header.slice(-2)).toEqual(['私人电话', '身份证号']);
      expect(forAdmin.body).toContain(privatePhones[0].private_phone);
      const audit = (await ctx.db.query<{ n: number }>(`select count(distinct entity_id)::int n from audit where action = 'read_full' and entity = 'staff'`)).rows[0].n;
      expect(audit).toBeGreaterThan(0);
      const own = (await get('/api/ledgers/workers', worker)).json();
      expect(own.items[0].grid.id).toBe(ownGrid);
      expect(own.items.every((w: { grid: { code: string } }) => w.grid.code.startsWith(own.items[0].grid.code))).toBe(true);
    });
  });
}

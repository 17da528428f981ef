import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

/** valid ID numbers (GB 11643 check characters), none in the demo's region 99 */
const ID = ['11010519491231002X', '110101199003074477', '110101199003075891', '110101199003076755', '110101199003072818', '110101199003078136'];

for (const backend of backends) {
  describe(`resident import (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let worker: string;
    let ownBuilding: { id: number; address: string };
    let otherBuilding: number;
    const counts = async () => (await ctx.db.query<{ h: number; r: number }>('select (select count(*)::int from household) h, (select count(*)::int from resident) r')).rows[0];

    beforeAll(async () => {
      admin = await loginAs(ctx, 'admin');
      worker = await loginAs(ctx, 'grid_worker');
      const staff = (await ctx.db.query<{ staff_id: number }>(`select staff_id from app_user where role = 'grid_worker'`)).rows[0].staff_id;
      const own = (await ctx.db.query<{ id: number }>('select id from grid where valid_to is null and level = 2 and worker_id = $1', [staff])).rows[0].id;
      const buildings = (await ctx.db.query<{ id: number; address: string; lon: number; lat: number }>(`select id, address, ST_X(geom) lon, ST_Y(geom) lat from building where kind = 'residential' order by id`)).rows;
      for (const b of buildings) {
        const chain = (await ctx.app.inject(`/api/lookup?lon=${b.lon}&lat=${b.lat}`)).json().grids.map((g: { id: number }) => g.id);
        if (chain.includes(own) && !ownBuilding) ownBuilding = { id: Number(b.id), address: b.address };
        if (!chain.includes(own) && chain.length && otherBuilding === undefined) otherBuilding = Number(b.id);
      }
    });

    const upload = (csv: string | Buffer, cookie = admin, query = '', headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'POST', url: `/api/residents/import${query}`, payload: csv, headers: { cookie, 'content-type': 'text/csv', ...headers } });

    it('imports households and residents, grouping rows by building, unit and room; audited', async () => {
      const before = await counts();
      const csv = [
        '楼栋编号,单元,房号,姓名,与户主关系,身份证号,电话,人员标签,户标签',
        `${ownBuilding.id},9单元,901,测试甲,户主,${ID[0]},13900009001,独居老人,低保户`,
        `${ownBuilding.id},9单元,902,测试乙,户主,${ID[1]},,,`,
        `${ownBuilding.id},9单元,902,测试丙,配偶,${ID[2]},0592-5550001,失业人员;残疾人,`,
      ].join('\r\n');
      const res = await upload('\uFEFF' + csv);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ ok: true, dry_run: false, rows: 3, households_created: 2, households_extended: 0, residents_created: 3 });
      expect(await counts()).toEqual({ h: before.h + 2, r: before.r + 3 });
      const stored = (await ctx.db.query(`select r.name, r.id_number, r.phone, r.relation, r.tags, h.unit, h.room, h.tags as household_tags, h.building_id
        from resident r join household h on h.id = r.household_id where r.name like '测试%' order by r.name`)).rows;
      expect(stored).toEqual([
        { name: '测试丙', id_number: ID[2], phone: '0592-5550001', relation: '配偶', tags: ['失业人员', '残疾人'], unit: '9单元', room: '902', household_tags: [], building_id: ownBuilding.id },
        { name: '测试乙', id_number: ID[1], phone: null, relation: '户主', tags: [], unit: '9单元', room: '902', household_tags: [], building_id: ownBuilding.id },
        { name: '测试甲', id_number: ID[0], phone: '13900009001', relation: '户主', tags: ['独居老人'], unit: '9单元', room: '901', household_tags: ['低保户'], building_id: ownBuilding.id },
      ]);
      const audit = (await ctx.db.query(`select action, detail from audit where action = 'import'`)).rows;
      expect(audit).toEqual([{ action: 'import', detail: { rows: 3, households_created: 2, households_extended: 0, residents_created: 3 } }]);
    });

    it('imports nothing when any row is wrong, and names every wrong row and why', async () => {
      const before = await counts();
      const csv = [
        'building_id,address,room,name,id_number,phone',
        `${ownBuilding.id},,1,好人,${ID[3]},`,
        `999999,,1,无楼,,`,
        `,不存在的地址,1,无址,,`,
        `${ownBuilding.id},,1,重号,${ID[0]},`,
        `${ownBuilding.id},,1,,,`,
        `${ownBuilding.id},,1,坏号,110105194912310021,`,
        `${ownBuilding.id},,1,坏电话,,12345`,
      ].join('\n');
      const res = await upload(csv);
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', error_count: 6, message: expect.stringMatching(/6 of 7 rows have errors; nothing was imported/) });
      expect(body.errors).toEqual([
        { row: 3, reason: 'no building with id 999999' },
        { row: 4, reason: 'no building has the address "不存在的地址"' },
        { row: 5, reason: 'this ID number is already registered' },
        { row: 6, reason: 'name is empty' },
        { row: 7, reason: expect.stringMatching(/check character/) },
        { row: 8, reason: expect.stringMatching(/phone/) },
      ]);
      expect(res.body).not.toContain(ID[0]);
      expect(await counts()).toEqual(before);
    });

    it('finds buildings by address, refuses an ambiguous one, and adds members to a registered household', async () => {
      await ctx.db.query(`insert into building (name, address, geom) select name || '副楼', address, geom from building where id = $1`, [otherBuilding]);
      const ambiguous = (await ctx.db.query<{ address: string }>('select address from building where id = $1', [otherBuilding])).rows[0].address;
      const bad = await upload(`address,name\n"${ambiguous}",某人\n`);
      expect(bad.json().errors).toEqual([{ row: 2, reason: expect.stringMatching(/2 buildings have the address.*give building_id/) }]);
      const before = await counts();
      const res = await upload(`地址,单元,房号,姓名,身份证号\n"${ownBuilding.address}",9单元,901,测试丁,${ID[4]}\n`);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ households_created: 0, households_extended: 1, residents_created: 1 });
      expect(await counts()).toEqual({ h: before.h, r: before.r + 1 });
      const household = (await ctx.db.query(`select count(*)::int n from resident r join household h on h.id = r.household_id where h.room = '901' and h.unit = '9单元' and h.building_id = $1`, [ownBuilding.id])).rows[0];
      expect(household).toEqual({ n: 2 });
    });

    it('lets a grid worker import into their own grid only', async () => {
      const before = await counts();
      const res = await upload(`building_id,name\n${ownBuilding.id},网格员录入\n${otherBuilding},越界录入\n`, worker);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([{ row: 3, reason: `building ${otherBuilding} is not in your grids` }]);
      expect(await counts()).toEqual(before);
      expect((await upload(`building_id,name\n${ownBuilding.id},网格员录入\n`, worker)).statusCode).toBe(201);
    });

    it('checks without writing on a dry run', async () => {
      const before = await counts();
      const res = await upload(`building_id,name,room\n${ownBuilding.id},试算,777\n`, admin, '?dry_run=true');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, dry_run: true, residents_created: 1, households_created: 1 });
      expect(await counts()).toEqual(before);
    });

    it('reads a GB18030 file as Excel on a Chinese Windows saves it', async () => {
      // "building_id,姓名\n<id>,国标\n" with 姓名 = D0D5 C3FB and 国标 = B9FA B1EA
      const bytes = Buffer.concat([Buffer.from('building_id,'), Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from(`\n${ownBuilding.id},`), Buffer.from([0xb9, 0xfa, 0xb1, 0xea]), Buffer.from('\n')]);
      const res = await upload(bytes);
      expect(res.statusCode, res.body).toBe(201);
      expect((await ctx.db.query(`select count(*)::int n from resident where name = '国标'`)).rows[0]).toEqual({ n: 1 });
    });

    it('streams progress as NDJSON when asked, ending with the result', async () => {
      const rows = Array.from({ length: 12 }, (_, i) => `${ownBuilding.id},流${i},8${String(i).padStart(2, '0')}`);
      const res = await upload(`building_id,name,room\n${rows.join('\n')}\n`, admin, '', { accept: 'application/x-ndjson' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
      const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).toEqual({ type: 'progress', phase: 'parse', done: 12, total: 12 });
      expect(lines.filter((l) => l.phase === 'check').at(-1)).toMatchObject({ done: 12, total: 12 });
      expect(lines.filter((l) => l.phase === 'write').at(-1)).toMatchObject({ done: 12, total: 12 });
      expect(lines.at(-1)).toEqual({ type: 'result', ok: true, dry_run: false, rows: 12, households_created: 12, households_extended: 0, residents_created: 12 });
      const failed = await upload('building_id,name\n999999,x\n', admin, '', { accept: 'application/x-ndjson' });
      expect(failed.body.trim().split('\n').map((l) => JSON.parse(l)).at(-1)).toMatchObject({ type: 'result', statusCode: 422, errors: [{ row: 2 }] });
    });

    it('answers 400/415 for a file it cannot read, and 401/403 for the wrong caller', async () => {
      expect((await upload('name,身份证\nx,y\n')).json()).toMatchObject({ statusCode: 422, message: expect.stringMatching(/unknown column "身份证"/) });
      expect((await upload('name\n"open\n')).json().message).toMatch(/not closed/);
      const json = await ctx.app.inject({ method: 'POST', url: '/api/residents/import', payload: { name: 'x' }, headers: { cookie: admin } });
      expect(json.statusCode).toBe(415);
      const empty = await ctx.app.inject({ method: 'POST', url: '/api/residents/import', headers: { cookie: admin, 'content-type': 'text/csv' } });
      expect([400, 415]).toContain(empty.statusCode);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/residents/import', payload: 'a', headers: { 'content-type': 'text/csv' } })).statusCode).toBe(401);
      const dispatcher = await loginAs(ctx, 'dispatcher');
      expect((await upload('building_id,name\n1,x\n', dispatcher)).statusCode).toBe(403);
    });
  });
}

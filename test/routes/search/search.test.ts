import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { box, ids, insertNestedGrids } from '../../fixtures/nested-grids.fixture.ts';

for (const backend of backends) {
  describe(`GET /api/search (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => {
      await insertNestedGrids(ctx.db);
      await ctx.db.exec(`
        insert into compound (id, name, geom) values (1, '万景花园', ${box(118.801, 32.101, 118.809, 32.109)});
        insert into building (name, address, compound_id, households, geom) values
          ('万景花园3栋', '和燕路123号万景花园3栋', 1, 40, ST_Point(118.805, 32.105, 4326)),
          ('燕子矶小学', null, null, 0, ST_Point(118.83, 32.11, 4326));
        insert into household (building_id) select id from building where name = '万景花园3栋';
        insert into resident (household_id, name, id_number, phone) select id, '万景居民', '320113199001019999', '13900009999' from household;
      `);
      await ctx.app.revisions.refresh();
    });
    const search = (q: string) => ctx.app.inject(`/api/search?q=${encodeURIComponent(q)}`);

    it('finds a compound by Chinese name, pinyin initials and with one wrong character, with its grid', async () => {
      for (const q of ['万景花园', 'wjhy', '万景花圆']) {
        const res = await search(q);
        expect(res.statusCode).toBe(200);
        expect(res.json().results[0]).toMatchObject({ type: 'compound', id: 1, name: '万景花园', grid_id: ids.A1a });
      }
      const [first] = (await search('万景花园')).json().results;
      expect(first.lon).toBeGreaterThan(118.801);
      expect(first.lat).toBeLessThan(32.109);
    });

    it('finds buildings, addresses and grids, and never residents', async () => {
      const results = (await search('和燕路')).json().results;
      expect(results).toEqual([expect.objectContaining({ type: 'address', name: '和燕路123号万景花园3栋', grid_id: ids.A1a })]);
      expect((await search('xx')).json().results.map((r: { name: string }) => r.name)).toEqual(['燕子矶小学']);
      expect((await search('A社区第2')).json().results[0]).toMatchObject({ type: 'grid', id: ids.A2, grid_id: ids.A2 });
      const resident = await search('万景居民');
      expect(resident.json().results.every((r: { name: string }) => r.name !== '万景居民')).toBe(true);
      expect(resident.body).not.toMatch(/13900009999|320113199001019999/);
    });

    it('sees a new building after the data changes', async () => {
      await ctx.db.query(`insert into building (name, households, geom) values ('新建楼', 10, ST_Point(118.835, 32.115, 4326))`);
      await ctx.app.revisions.refresh();
      expect((await search('新建楼')).json().results[0]).toMatchObject({ name: '新建楼', grid_id: ids.B1 });
    });

    it.each([['', /q/], ['x'.repeat(101), /q.*100/], ['万景&limit=0', /limit/]])('rejects q=%s', async (q, message) => {
      const res = await ctx.app.inject(`/api/search?q=${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    });
  });
}

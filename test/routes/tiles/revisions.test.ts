import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { ids, insertTileFixture, tiles } from './tiles.fixture.ts';
import { getTile } from './mvt.decode.ts';

const nameOf = async (ctx: ReturnType<typeof useApp>, id: number) => {
  const { decoded } = await getTile(ctx.app, 'grids', tiles.community);
  return decoded.grids.find((f) => f.id === id)?.properties.name;
};

async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

for (const backend of backends) {
  describe(`tile cache and data revisions (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => {
      await insertTileFixture(ctx.db);
      await ctx.app.revisions.refresh();
    });

    it('loads every layer’s revision at start and bumps only the layer whose table changed', async () => {
      const before = ctx.app.revisions.all();
      expect(Object.keys(before).sort()).toEqual(['basemap', 'buildings', 'events', 'grids', 'staff']);
      await ctx.db.query(`update event set status = 'closed' where id = $1`, [ids.event]);
      await ctx.app.revisions.refresh();
      const after = ctx.app.revisions.all();
      expect(after.events).toBe(before.events + 1);
      expect({ ...after, events: 0 }).toEqual({ ...before, events: 0 });
    });

    it('serves repeat requests from the cache and shows an edit on the very next request after refresh()', async () => {
      expect(await nameOf(ctx, ids.east)).toBe('康乐第二网格');
      const hits = ctx.app.tiles.cache.hits;
      expect(await nameOf(ctx, ids.east)).toBe('康乐第二网格');
      expect(ctx.app.tiles.cache.hits).toBe(hits + 1);

      await ctx.db.query(`update grid set name = $1 where id = $2 and valid_to is null`, ['康乐东网格 \'改\'', ids.east]);
      await ctx.app.revisions.refresh();
      expect(await nameOf(ctx, ids.east)).toBe('康乐东网格 \'改\'');
    });

    it('picks up an edit made by another process through NOTIFY, without refresh()', async () => {
      const revision = ctx.app.revisions.current('grids');
      // No refresh() here, as in another server process: only the trigger's NOTIFY can tell this app.
      await ctx.db.query(`update grid set name = 'notified' where id = $1 and valid_to is null`, [ids.west]);
      expect(await eventually(() => ctx.app.revisions.current('grids') > revision)).toBe(true);
      expect(await nameOf(ctx, ids.west)).toBe('notified');
    });

    it('catches up when a client asks for a newer revision than this process has seen', async () => {
      const { revisions } = ctx.app;
      const seen = revisions.current('buildings');
      const building = { z: 15, x: 27134, y: 14083 };
      expect((await getTile(ctx.app, 'buildings', building)).decoded.buildings[0].properties.floors).toBe(7);
      // Hold back this process's NOTIFY, as if it were still on its way.
      const notified = revisions.notified;
      revisions.notified = () => Promise.resolve();
      try {
        await ctx.db.query(`update building set floors = 8 where id = $1`, [ids.footprintBuilding]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(revisions.current('buildings')).toBe(seen);
        const { res, decoded } = await getTile(ctx.app, 'buildings', building, `?v=${seen + 1}`);
        expect(res.headers['cache-control']).toMatch(/immutable/);
        expect(decoded.buildings[0].properties.floors).toBe(8);
      } finally {
        revisions.notified = notified;
      }
    });

    it('tells subscribers which layer moved', async () => {
      const moved: string[] = [];
      const stop = ctx.app.revisions.onChange((layer) => moved.push(layer));
      await ctx.db.query(`insert into basemap_feature (kind, name, geom) values ('path', null, 'SRID=4326;LINESTRING(118.11 24.49, 118.12 24.50)')`);
      await ctx.app.revisions.refresh();
      stop();
      expect(moved).toEqual(['basemap']);
    });
  });
}

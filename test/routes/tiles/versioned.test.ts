// Versioned tile URLs (/tiles/{layer}/{revision}/{z}/{x}/{y}.mvt): what TileJSON advertises, cached
// for good by browsers and CDNs; an old revision is still answered while held, else redirected.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { ids, insertTileFixture, tiles } from './tiles.fixture.ts';
import { decodeTile } from './mvt.decode.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const tilePath = (revision: number, { z, x, y } = tiles.community) => `/tiles/grids/${revision}/${z}/${x}/${y}.mvt`;

for (const backend of backends) {
  describe(`versioned tile URLs (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => {
      await insertTileFixture(ctx.db);
      await ctx.app.revisions.refresh();
    });
    const nameIn = (payload: Buffer, id: number) => decodeTile(payload).grids.find((f) => f.id === id)?.properties.name;

    it('TileJSON advertises the revision as a path segment, and that URL is immutable', async () => {
      const revision = ctx.app.revisions.current('grids');
      const template = (await ctx.app.inject({ url: '/tiles/grids.json', headers: { host: 'example.cn' } })).json().tiles[0] as string;
      expect(template).toBe(`http://example.cn/tiles/grids/${revision}/{z}/{x}/{y}.mvt`);
      const { z, x, y } = tiles.community;
      const res = await ctx.app.inject(new URL(template.replace('{z}', `${z}`).replace('{x}', `${x}`).replace('{y}', `${y}`)).pathname);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      const unversioned = await ctx.app.inject(`/tiles/grids/${z}/${x}/${y}.mvt`);
      expect(unversioned.headers['cache-control']).toBe('public, max-age=60');
      expect(res.rawPayload.equals(unversioned.rawPayload)).toBe(true);
      expect(res.headers.etag).toBe(unversioned.headers.etag);
    });

    it('keeps answering an old revision held in the cache with its own bytes, and redirects one that is not', async () => {
      const old = ctx.app.revisions.current('grids');
      const before = await ctx.app.inject(tilePath(old));
      expect(nameIn(before.rawPayload, ids.east)).toBe('康乐第二网格');

      await ctx.db.query(`update grid set name = '康乐东网格' where id = $1 and valid_to is null`, [ids.east]);
      await ctx.app.revisions.refresh();
      const current = ctx.app.revisions.current('grids');
      expect(current).toBeGreaterThan(old);

      const held = await ctx.app.inject(tilePath(old));
      expect(held.statusCode).toBe(200);
      expect(held.headers['cache-control']).toBe(IMMUTABLE);
      expect(nameIn(held.rawPayload, ids.east)).toBe('康乐第二网格');

      ctx.app.tiles.cache.clear();
      const gone = await ctx.app.inject(tilePath(old));
      expect(gone.statusCode).toBe(302);
      expect(gone.headers.location).toBe(tilePath(current));
      expect(gone.headers['cache-control']).toBe('public, max-age=60');
      const followed = await ctx.app.inject(gone.headers.location as string);
      expect(followed.headers['cache-control']).toBe(IMMUTABLE);
      expect(nameIn(followed.rawPayload, ids.east)).toBe('康乐东网格');
    });

    it('catches up to a revision committed elsewhere, and answers 404 for one not committed anywhere', async () => {
      const seen = ctx.app.revisions.current('grids');
      const notified = ctx.app.revisions.notified;
      ctx.app.revisions.notified = () => Promise.resolve(); // as if this process's NOTIFY were still on its way
      try {
        await ctx.db.query(`update grid set name = 'elsewhere' where id = $1 and valid_to is null`, [ids.west]);
        const res = await ctx.app.inject(tilePath(seen + 1));
        expect(res.statusCode).toBe(200);
        expect(nameIn(res.rawPayload, ids.west)).toBe('elsewhere');
      } finally {
        ctx.app.revisions.notified = notified;
      }
      const future = await ctx.app.inject(tilePath(seen + 100));
      expect(future.statusCode).toBe(404);
      expect(future.headers['cache-control']).toBe('no-store');
      expect(future.json().message).toMatch(new RegExp(`no revision ${seen + 100} yet; its current revision is ${seen + 1}`));
    });

    it('answers an empty tile with 204, cacheable for good too, and refuses a malformed revision', async () => {
      const revision = ctx.app.revisions.current('grids');
      const empty = await ctx.app.inject(tilePath(revision, { z: 14, x: 0, y: 0 }));
      expect(empty.statusCode).toBe(204);
      expect(empty.headers['cache-control']).toBe(IMMUTABLE);
      for (const bad of ['/tiles/grids/1.5/14/0/0.mvt', '/tiles/grids/-1/14/0/0.mvt', '/tiles/grids/abc/14/0/0.mvt']) {
        const res = await ctx.app.inject(bad);
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().message).toMatch(/revision/);
      }
      expect((await ctx.app.inject(`/tiles/nope/${revision}/14/0/0.mvt`)).statusCode).toBe(404);
    });
  });
}

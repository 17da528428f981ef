// Tiles are public: whatever sits in household, resident, staff_private or event_reporter — and a grid
// worker's phone — must not reach a single tile or TileJSON document.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { fixtureTiles, insertTileFixture, personal } from './tiles.fixture.ts';
import { decodeTile } from './mvt.decode.ts';

const deniedKeys = /id_?number|phone|mobile|resident|reporter|description|address|worker|staff|tags|relation|contact|private|photo/i;


for (const backend of backends) {
  describe(`no personal data in tiles (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    beforeAll(async () => {
      await insertTileFixture(ctx.db);
      await ctx.app.revisions.refresh();
    });

    it('the fixture really holds personal data next to the tiled tables', async () => {
      const { rows } = await ctx.db.query<{ n: number }>(
        `select (select count(*) from resident where id_number = $1 and phone = $2)
              + (select count(*) from staff_private where private_phone = $3)
              + (select count(*) from event_reporter where phone = $4)
              + (select count(*) from staff where public_phone = $5)
              + (select count(*) from event where description = $6) as n`,
        [personal.residentIdNumber, personal.residentPhone, personal.workerPrivatePhone, personal.reporterPhone, personal.workerPublicPhone, personal.eventDescription],
      );
      expect(rows[0].n).toBe(5);
    });

    it('no tile of any layer carries a personal property key or value', async () => {
      const secrets = Object.values(personal);
      const keys = new Set<string>();
      let features = 0;
      for (const layer of ctx.app.tiles.layerIds) {
        for (const { z, x, y } of fixtureTiles()) {
          const res = await ctx.app.inject(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
          expect([200, 204]).toContain(res.statusCode);
          if (res.statusCode === 204) continue;
          // raw bytes first: strings sit in MVT as plain UTF-8, whatever key they hide under
          const raw = res.rawPayload.toString('utf8');
          for (const secret of secrets) expect(raw, `${layer} ${z}/${x}/${y}`).not.toContain(secret);
          for (const mvtLayer of Object.values(decodeTile(res.rawPayload))) {
            for (const feature of mvtLayer) {
              features++;
              for (const [key, value] of Object.entries(feature.properties)) {
                keys.add(key);
                for (const secret of secrets) expect(String(value)).not.toContain(secret);
              }
            }
          }
        }
      }
      expect(features).toBeGreaterThan(100);
      expect([...keys].filter((k) => deniedKeys.test(k))).toEqual([]);
      expect([...keys].sort()).toEqual(
        ['category', 'code', 'compound_id', 'floors', 'households', 'kind', 'level', 'name', 'parent_id', 'population', 'reported_at', 'source', 'status', 'subcategory'],
      );
    });

    it('no TileJSON document declares a personal field', async () => {
      for (const layer of ctx.app.tiles.layerIds) {
        const doc = (await ctx.app.inject(`/tiles/${layer}.json`)).json();
        for (const vectorLayer of doc.vector_layers) {
          expect(Object.keys(vectorLayer.fields).filter((k) => deniedKeys.test(k))).toEqual([]);
        }
        for (const secret of Object.values(personal)) expect(JSON.stringify(doc)).not.toContain(secret);
      }
    });
  });
}

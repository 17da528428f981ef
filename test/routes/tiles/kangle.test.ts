// Tiles of the kangle demo district: the right grids in the right tiles with their stored properties,
// every building where it stands, both encoders agreeing, and none of the district's personal data
// (residents, ID numbers, phones, reporters, event descriptions) in any tile.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { tileOf, type TileCoords } from '../../../server/tiles/tile.coords.ts';
import { postgisEncoder } from '../../../server/tiles/postgis.encoder.ts';
import { jsEncoder } from '../../../server/tiles/js.encoder.ts';
import { boundaryDistance, decodeTile, featureIds, getTile } from './mvt.decode.ts';

interface GridRow {
  id: number;
  level: number;
  code: string;
  name: string;
  parent_id: number | null;
  households: number;
  population: number;
}

for (const backend of backends) {
  describe(`tiles of the kangle preset (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let extent: [number, number, number, number];
    const tilesAt = (z: number): TileCoords[] => {
      const nw = tileOf(extent[0], extent[3], z);
      const se = tileOf(extent[2], extent[1], z);
      const list: TileCoords[] = [];
      for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) list.push({ z, x, y });
      return list;
    };

    beforeAll(async () => {
      const { rows } = await ctx.db.query<{ w: number; s: number; e: number; n: number }>(
        `select ST_XMin(b) w, ST_YMin(b) s, ST_XMax(b) e, ST_YMax(b) n from (select ST_Extent(geom) b from grid where valid_to is null) t`,
      );
      extent = [rows[0].w, rows[0].s, rows[0].e, rows[0].n];
    });

    it('puts every current grid in the z14/z16 tiles it covers, and in no tile it does not reach', async () => {
      const grids = new Map(
        (await ctx.db.query<GridRow>('select id, level, code, name, parent_id, households, population from grid where valid_to is null')).rows.map((g) => [g.id, g]),
      );
      expect(grids.size).toBeGreaterThan(50);
      let checked = 0;
      for (const z of [14, 16]) {
        for (const tile of tilesAt(z)) {
          // an independent answer: grids with area inside the tile, and grids anywhere near it
          const { rows } = await ctx.db.query<{ id: number; inside: boolean; near: boolean }>(
            `select id, ST_Area(ST_Intersection(geom_3857, ST_TileEnvelope($1, $2, $3))) > 1 as inside,
                    geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 0.02) as near
               from grid where valid_to is null`,
            [tile.z, tile.x, tile.y],
          );
          const { decoded } = await getTile(ctx.app, 'grids', tile);
          const drawn = new Set(featureIds(decoded, 'grids'));
          for (const row of rows) {
            if (row.inside) expect(drawn.has(row.id), `grid ${row.id} in ${z}/${tile.x}/${tile.y}`).toBe(true);
            if (!row.near) expect(drawn.has(row.id), `grid ${row.id} not in ${z}/${tile.x}/${tile.y}`).toBe(false);
          }
          for (const feature of decoded.grids ?? []) {
            const { id, parent_id, ...rest } = grids.get(feature.id!)!;
            expect(feature.properties).toEqual({ ...rest, ...(parent_id === null ? {} : { parent_id }) });
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(grids.size);
    });

    it('draws every building in the z16 tile where it stands', async () => {
      const { rows } = await ctx.db.query<{ id: number; lon: number; lat: number; name: string; households: number }>(
        'select id, ST_X(geom) lon, ST_Y(geom) lat, name, households from building',
      );
      expect(rows.length).toBeGreaterThan(50);
      const byTile = new Map<string, typeof rows>();
      for (const b of rows) {
        const t = tileOf(b.lon, b.lat, 16);
        const key = `${t.x}/${t.y}`;
        byTile.set(key, [...(byTile.get(key) ?? []), b]);
      }
      for (const [key, buildings] of byTile) {
        const [x, y] = key.split('/').map(Number);
        const { decoded } = await getTile(ctx.app, 'buildings', { z: 16, x, y });
        const drawn = new Map(decoded.buildings.map((f) => [f.id, f.properties]));
        for (const b of buildings) expect(drawn.get(b.id)).toMatchObject({ name: b.name, households: b.households });
      }
    });

    it('leaks none of the district’s personal data into any tile', async () => {
      const { rows } = await ctx.db.query<{ value: string }>(
        `select id_number as value from resident where id_number is not null
         union select phone from resident where phone is not null
         union select id_number from staff_private where id_number is not null
         union select private_phone from staff_private where private_phone is not null
         union select public_phone from staff where public_phone is not null
         union select phone from event_reporter where phone is not null
         union select description from event where length(description) > 4`,
      );
      const secrets = rows.map((r) => r.value);
      const people = new Set(
        (await ctx.db.query<{ name: string }>('select name from resident union select name from event_reporter where name is not null')).rows.map((r) => r.name),
      );
      expect(secrets.length).toBeGreaterThan(1000);
      let tiles = 0;
      for (const layer of ctx.app.tiles.layerIds) {
        for (const z of [12, 14, 16]) {
          for (const tile of tilesAt(z)) {
            const { res, decoded } = await getTile(ctx.app, layer, tile);
            if (res.statusCode === 204) continue;
            tiles++;
            const raw = res.rawPayload.toString('utf8');
            for (const secret of secrets) expect(raw.includes(secret), `${layer} ${z}/${tile.x}/${tile.y}`).toBe(false);
            for (const feature of Object.values(decoded).flat()) {
              for (const value of Object.values(feature.properties)) expect(people.has(String(value))).toBe(false);
            }
          }
        }
      }
      expect(tiles).toBeGreaterThan(20);
    });

    it.runIf(backend === 'postgis')('draws the same district with ST_AsMVT and with the JS encoder', async () => {
      let features = 0;
      for (const layer of ctx.app.tiles.layers.values()) {
        for (const z of [12, 14, 15, 16, 17]) {
          for (const tile of tilesAt(z)) {
            const [fast, fallback] = await Promise.all([
              ctx.app.tiles.render(layer, tile, postgisEncoder),
              ctx.app.tiles.render(layer, tile, jsEncoder),
            ]);
            const [a, b] = [decodeTile(fast.bytes), decodeTile(fallback.bytes)];
            expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
            for (const name of Object.keys(a)) {
              const other = new Map(b[name].map((f) => [f.id, f]));
              expect([...other.keys()].sort()).toEqual(a[name].map((f) => f.id).sort());
              for (const feature of a[name]) {
                const twin = other.get(feature.id)!;
                expect(twin.properties).toEqual(feature.properties);
                expect(twin.type).toBe(feature.type);
                expect(boundaryDistance(feature, twin), `${layer.id} ${name} #${feature.id} at ${z}/${tile.x}/${tile.y}`).toBeLessThanOrEqual(1);
                features++;
              }
            }
          }
        }
      }
      expect(features).toBeGreaterThan(1000);
    });
  });
}

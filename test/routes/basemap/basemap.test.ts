// The basemap by configuration: the offline demo by default; 天地图 (vec_w + cva_w with the key, and the
// page allowed to fetch from it) — checked in the style produced, nothing is fetched; another style or
// a raster PMTiles file from tiles/, with our grid layers on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import basemapRoutes from '../../../server/routes/basemap/index.ts';
import { closeTestDbs, openTestDb } from '../../helpers/db.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const tilesDir = path.resolve(import.meta.dirname, '../../../tiles');
const ourLayers = (JSON.parse(fs.readFileSync(path.join(tilesDir, 'style.json'), 'utf8')).layers as Array<{ id: string; source?: string }>)
  .filter((l) => l.source === 'grids' || l.source === 'buildings').map((l) => l.id);

describe('basemap', () => {
  afterAll(() => closeTestDbs());

  it('is the offline demo basemap by default', async () => {
    expect(loadConfig({}).basemap).toEqual({ kind: 'demo' });
    const app = await buildApp({ db: await openTestDb('pglite', 'empty') });
    const style = (await app.inject('/basemap/style.json')).json();
    expect(Object.keys(style.sources).sort()).toEqual(['basemap', 'buildings', 'grids']);
    await app.close();
  });

  it('lays our grids over 天地图 vec_w + cva_w with the key, and lets the page fetch from it', async () => {
    const config = loadConfig({ BASEMAP: 'tianditu', TIANDITU_KEY: KEY });
    const app = await buildApp({ db: await openTestDb('pglite', 'empty'), config });
    const res = await app.inject('/basemap/style.json');
    expect(res.statusCode).toBe(200);
    const style = res.json();
    expect(style.sources.basemap).toBeUndefined();
    expect(style.sources['tianditu-vec'].tiles[0]).toBe(
      `https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${KEY}`,
    );
    expect(style.sources['tianditu-vec'].tiles).toHaveLength(8);
    expect(style.sources['tianditu-cva'].tiles.every((t: string) => t.includes('/cva_w/wmts?') && t.includes('LAYER=cva') && t.endsWith(`tk=${KEY}`))).toBe(true);
    // 天地图 underneath (roads, then annotation), every grid and building layer of ours on top
    expect(style.layers.slice(0, 2).map((l: { id: string }) => l.id)).toEqual(['tianditu-vec', 'tianditu-cva']);
    expect(style.layers.slice(2).map((l: { id: string }) => l.id)).toEqual(ourLayers);
    expect(style.glyphs).toBe('/basemap/glyphs/{fontstack}/{range}.pbf');
    const csp = String((await app.inject('/healthz')).headers['content-security-policy']);
    expect(csp).toMatch(/connect-src 'self' https:\/\/t0\.tianditu\.gov\.cn .*https:\/\/t7\.tianditu\.gov\.cn/);
    await app.close();
  });

  it('refuses a configuration it cannot serve, saying why', () => {
    expect(() => loadConfig({ BASEMAP: 'tianditu' })).toThrow(/TIANDITU_KEY/);
    expect(() => loadConfig({ BASEMAP: 'ftp://x' })).toThrow(/BASEMAP must be demo, tianditu/);
    expect(loadConfig({ BASEMAP: 'https://tiles.example.cn/style.json' }).basemap).toEqual({ kind: 'style-url', url: 'https://tiles.example.cn/style.json' });
  });

  describe('from files in tiles/', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-basemap-'));
    fs.copyFileSync(path.join(tilesDir, 'style.json'), path.join(dir, 'style.json'));
    fs.writeFileSync(path.join(dir, 'city.json'), JSON.stringify({
      version: 8, glyphs: 'https://fonts.example.cn/{fontstack}/{range}.pbf',
      sources: { city: { type: 'vector', url: 'pmtiles:///basemap/pmtiles/city.pmtiles' } },
      layers: [{ id: 'land', type: 'fill', source: 'city', 'source-layer': 'landuse' }],
    }));
    // a PMTiles v3 header whose tile type (byte 99) is PNG, then some bytes to range over
    const header = Buffer.alloc(4096);
    header.write('PMTiles', 0);
    header[7] = 3;
    header[99] = 2;
    fs.writeFileSync(path.join(dir, 'aerial.pmtiles'), header);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function serve(config: Parameters<typeof basemapRoutes>[1]['basemap']) {
      const app = Fastify();
      await app.register(basemapRoutes, { basemap: config, tilesDir: dir });
      return app;
    }

    it('puts another MapLibre style underneath, ids prefixed, its glyphs kept', async () => {
      const app = await serve({ kind: 'style-file', file: 'city.json' });
      const style = (await app.inject('/basemap/style.json')).json();
      expect(style.sources['base-city'].url).toBe('pmtiles:///basemap/pmtiles/city.pmtiles');
      expect(style.layers[0]).toMatchObject({ id: 'base-land', source: 'base-city' });
      expect(style.layers.slice(1).map((l: { id: string }) => l.id)).toEqual(ourLayers);
      expect(style.glyphs).toBe('https://fonts.example.cn/{fontstack}/{range}.pbf');
      await app.close();
    });

    it('draws a raster PMTiles archive, served by range requests', async () => {
      const app = await serve({ kind: 'pmtiles', file: 'aerial.pmtiles' });
      const style = (await app.inject('/basemap/style.json')).json();
      expect(style.sources['pmtiles-base']).toEqual({ type: 'raster', url: 'pmtiles:///basemap/pmtiles/aerial.pmtiles', tileSize: 256 });
      const range = await app.inject({ url: '/basemap/pmtiles/aerial.pmtiles', headers: { range: 'bytes=0-126' } });
      expect(range.statusCode).toBe(206);
      expect(range.rawPayload.subarray(0, 7).toString()).toBe('PMTiles');
      expect((await app.inject('/basemap/pmtiles/style.json')).statusCode).toBe(404);
      await app.close();
    });

    it('refuses a vector PMTiles without a style, and a missing file, at start', async () => {
      header[99] = 1;
      fs.writeFileSync(path.join(dir, 'vector.pmtiles'), header);
      await expect(serve({ kind: 'pmtiles', file: 'vector.pmtiles' })).rejects.toThrow(/holds vector tiles/);
      await expect(serve({ kind: 'style-file', file: 'nope.json' })).rejects.toThrow(/no such file/);
    });
  });
});

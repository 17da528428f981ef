// GDAL/OGR reads our OGC API – Features as QGIS does (driver OAPIF): it lists the collections, reads
// grids and buildings, and an ogr2ogr copy of a level's grids comes back as the same grids.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { listenLocally } from '../../browser/browser.helper.ts';

const run = promisify(execFile);
const hasGdal = ['/usr/bin/ogrinfo', '/usr/local/bin/ogrinfo'].some((p) => fs.existsSync(p));
if (!hasGdal) console.warn('gdal.test.ts skipped: ogrinfo is not installed (apt-get install gdal-bin)');

/** ogrinfo/ogr2ogr against our server, with nothing cached and no proxy between */
const gdal = (cmd: string, args: string[]) =>
  run(cmd, args, { env: { ...process.env, GDAL_HTTP_TIMEOUT: '30', CPL_CURL_VERBOSE: 'NO', no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1' }, maxBuffer: 64 * 1024 * 1024 });

for (const backend of backends) {
  describe.skipIf(!hasGdal)(`GDAL reads /ogc (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let baseUrl: string;
    let tmp: string;

    beforeAll(async () => {
      baseUrl = await listenLocally(ctx.app);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-gdal-'));
    });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('ogrinfo lists the collections', async () => {
      const { stdout } = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${baseUrl}/ogc`]);
      console.log(`ogrinfo -ro -so OAPIF:…/ogc\n${stdout}`);
      for (const layer of ['grids_level_1', 'grids_level_2', 'grids_level_3', 'buildings', 'events']) expect(stdout).toContain(layer);
    }, 60_000);

    it('ogrinfo reads a grid and a building with their fields', async () => {
      const grid = (await ctx.db.query<{ id: number; code: string }>('select id, code from grid where valid_to is null and level = 2 order by id limit 1')).rows[0];
      const grids = (await gdal('ogrinfo', ['-ro', `OAPIF:${baseUrl}/ogc`, 'grids_level_2', '-fid', String(grid.id)])).stdout;
      expect(grids).toContain(`code (String) = ${grid.code}`);
      expect(grids).toMatch(/MULTIPOLYGON \(\(\(118\.\d+ 24\.\d+/);
      const building = (await ctx.db.query<{ id: number; name: string }>('select id, name from building order by id limit 1')).rows[0];
      const buildings = (await gdal('ogrinfo', ['-ro', `OAPIF:${baseUrl}/ogc`, 'buildings', '-fid', String(building.id)])).stdout;
      expect(buildings).toContain(`name (String) = ${building.name}`);
      expect(buildings).toMatch(/POINT \(118\.\d+ 24\.\d+\)/);
      // every page followed: the feature count GDAL reports is the server's numberMatched
      const summary = (await gdal('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${baseUrl}/ogc`, 'buildings'])).stdout;
      const total = (await ctx.db.query<{ n: number }>('select count(*)::int n from building')).rows[0].n;
      expect(summary).toContain(`Feature Count: ${total}`);
    }, 60_000);

    it('ogr2ogr copies a level of grids to GeoJSON with every feature and its geometry', async () => {
      const out = path.join(tmp, 'grids.geojson');
      await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${baseUrl}/ogc`, 'grids_level_2']);
      const copied = JSON.parse(fs.readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection;
      const stored = (await ctx.db.query<{ code: string; name: string; area: number }>(
        'select code, name, ST_Area(geom::geography) area from grid where valid_to is null and level = 2 order by code',
      )).rows;
      expect(copied.features.map((f) => f.properties!.code).sort()).toEqual(stored.map((g) => g.code));
      const byCode = new Map(copied.features.map((f) => [f.properties!.code as string, f]));
      for (const g of stored) expect(byCode.get(g.code)!.properties!.name).toBe(g.name);
    }, 60_000);
  });
}

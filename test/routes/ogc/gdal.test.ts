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
import { loginAs } from '../../helpers/auth.ts';

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

    it('re-imports an ogr2ogr copy of a grid\'s building groups into a plan as the same grids', async () => {
      const parent = (await ctx.db.query<{ id: number }>(
        `select p.id from grid p where p.valid_to is null and p.level = 2 and exists (select 1 from grid c where c.parent_id = p.id and c.valid_to is null) order by p.code limit 1`,
      )).rows[0].id;
      const out = path.join(tmp, 'groups.geojson');
      await gdal('ogr2ogr', ['-f', 'GeoJSON', '-where', `parent_id = ${parent}`, out, `OAPIF:${baseUrl}/ogc`, 'grids_level_3']);
      const planner = await loginAs(ctx, 'planner');
      const headers = { cookie: planner };
      const opened = await ctx.app.inject({ method: 'POST', url: '/api/plans', headers, payload: { name: 'ogr2ogr round trip', scope_grid_id: parent } });
      expect(opened.statusCode, opened.body).toBe(201);
      const plan = opened.json().id as number;
      // the plan starts as a copy of the published grids: take the building groups out, then bring them back from the file
      const children = (await ctx.db.query<{ id: number; version: number }>('select id, version from plan_grid where plan_id = $1 and parent_id = $2 and not deleted', [plan, parent])).rows;
      expect(children.length).toBeGreaterThan(0);
      for (const c of children) {
        const res = await ctx.app.inject({ method: 'DELETE', url: `/api/plans/${plan}/grids/${c.id}`, headers: { ...headers, 'if-match': `"${c.version}"` } });
        expect(res.statusCode, res.body).toBe(204);
      }
      const imported = await ctx.app.inject({ method: 'POST', url: `/api/imports/plans/${plan}/grids`, headers: { ...headers, 'content-type': 'application/geo+json' }, payload: fs.readFileSync(out) });
      expect(imported.statusCode, imported.body).toBe(201);
      expect(imported.json()).toMatchObject({ imported: children.length, rejected: [], mapping: { name: 'name', code: 'code', level: 'level', parent: 'parent_id' } });
      const same = (await ctx.db.query<{ code: string; same_name: boolean; same_level: boolean; shift: number }>(
        `select g.code, p.name = g.name same_name, p.level = g.level and p.parent_id = g.parent_id same_level,
                ST_HausdorffDistance(p.geom, g.geom) shift
           from grid g left join plan_grid p on p.plan_id = $1 and p.code = g.code and not p.deleted and p.id = any($3::bigint[])
          where g.valid_to is null and g.parent_id = $2 order by g.code`,
        [plan, parent, imported.json().ids],
      )).rows;
      expect(same.length).toBe(children.length);
      for (const g of same) {
        expect(g.same_name && g.same_level, g.code).toBe(true);
        // GeoJSON keeps 7 decimals: no vertex moves more than that rounding (1e-7° ≈ 1 cm)
        expect(g.shift, g.code).toBeLessThan(1e-7);
      }
    }, 90_000);
  });
}

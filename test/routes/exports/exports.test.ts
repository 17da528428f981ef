// Exports a planner takes to QGIS, a spreadsheet or Amap: GeoJSON, zipped Shapefile and CSV, in WGS84,
// CGCS2000 or GCJ-02; each read back by our own importers (and by GDAL when it is installed), with the
// same grids and Chinese names, and public columns only.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { readShapefileZip } from '../../../server/interop/import.shapefile.ts';
import { readCsv } from '../../../server/interop/import.csv.ts';
import { EXPORT_COLUMNS } from '../../../server/interop/export.features.ts';

const run = promisify(execFile);
const hasGdal = fs.existsSync('/usr/bin/ogrinfo');

function metres(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  return Math.hypot((b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k), (b[1] - a[1]) * k) * 6_371_008;
}

for (const backend of backends) {
  describe(`exports (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let planner: string;
    let level2: Array<{ code: string; name: string }>;
    const get = (url: string, cookie = planner) => ctx.app.inject({ url, headers: { cookie } });

    beforeAll(async () => {
      planner = await loginAs(ctx, 'planner');
      level2 = (await ctx.db.query<{ code: string; name: string }>('select code, name from grid where valid_to is null and level = 2 order by code')).rows;
    });

    it('exports a level of grids as GeoJSON with the public columns, as an attachment', async () => {
      const res = await get('/api/exports/grids?level=2');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="wangge-grids-level2-wgs84.geojson"');
      const doc = res.json();
      expect(doc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(level2.map((g) => g.code));
      expect(Object.keys(doc.features[0].properties)).toEqual(EXPORT_COLUMNS.grids);
      expect(doc.features[0].properties.parent_cd).toMatch(/^\d{12}$/);
      expect(doc.crs).toBeUndefined();
      expect((await get('/api/exports/grids?level=2&crs=cgcs2000')).json().crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4490');
    });

    it('moves GCJ-02 exports by tens to hundreds of metres, and nothing else', async () => {
      const wgs = (await get('/api/exports/buildings')).json().features;
      const gcj = (await get('/api/exports/buildings?crs=gcj02')).json().features;
      expect(gcj.length).toBe(wgs.length);
      const shift = metres(wgs[0].geometry.coordinates, gcj[0].geometry.coordinates);
      expect(shift).toBeGreaterThan(50);
      expect(shift).toBeLessThan(800);
      expect(gcj[0].properties).toEqual(wgs[0].properties);
    });

    it('writes a Shapefile (UTF-8 .dbf, CGCS2000 .prj) that reads back as the same grids', async () => {
      const res = await get('/api/exports/grids?level=2&format=shapefile&crs=cgcs2000');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const read = await readShapefileZip(new Uint8Array(res.rawPayload));
      if (!read.valid) throw new Error(read.reason);
      expect(read.source.crs).toEqual({ kind: 'named', name: 'cgcs2000' });
      expect(read.source.features.map((f) => [f.properties.code, f.properties.name])).toEqual(level2.map((g) => [g.code, g.name]));
      expect(read.source.features.every((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')).toBe(true);
      if (!hasGdal) return console.warn('ogrinfo not installed: the Shapefile was not read by GDAL');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-export-'));
      const zip = path.join(dir, 'grids.zip');
      fs.writeFileSync(zip, res.rawPayload);
      const info = (await run('ogrinfo', ['-ro', '-al', '-so', `/vsizip/${zip}`])).stdout;
      expect(info).toContain(`Feature Count: ${level2.length}`);
      expect(info).toMatch(/China Geodetic Coordinate System 2000|CGCS2000|China_2000/);
      const feature = (await run('ogrinfo', ['-ro', '-al', '-fid', '0', `/vsizip/${zip}`])).stdout;
      expect(feature).toContain(`name (String) = ${level2[0].name}`);
      expect(feature).toContain(`code (String) = ${level2[0].code}`);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes CSV with a BOM and a WKT column that the CSV importer reads back', async () => {
      const res = await get('/api/exports/grids?level=2&format=csv');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const read = readCsv(new Uint8Array(res.rawPayload));
      if (!read.valid) throw new Error(read.reason);
      expect(read.source.columns).toEqual(EXPORT_COLUMNS.grids);
      expect(read.source.features.map((f) => f.properties.name)).toEqual(level2.map((g) => g.name));
      expect(read.source.features.every((f) => f.geometry?.type === 'MultiPolygon')).toBe(true);
    });

    it('exports a plan’s grids, and says when the plan does not exist', async () => {
      const scope = (await ctx.db.query<{ id: number }>('select id from grid where valid_to is null and level = 2 order by code limit 1')).rows[0].id;
      const plan = (await ctx.app.inject({ method: 'POST', url: '/api/plans', headers: { cookie: planner }, payload: { name: 'export', scope_grid_id: scope } })).json().id;
      const res = await get(`/api/exports/grids?plan=${plan}`);
      expect(res.statusCode).toBe(200);
      const planGrids = (await ctx.db.query<{ n: number }>('select count(*)::int n from plan_grid where plan_id = $1 and not deleted', [plan])).rows[0].n;
      expect(res.json().features.length).toBe(planGrids);
      const missing = await get('/api/exports/grids?plan=987654');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toBe('plan 987654 does not exist');
    });

    it('is for planners and admins', async () => {
      expect((await ctx.app.inject({ url: '/api/exports/grids' })).statusCode).toBe(401);
      expect((await get('/api/exports/grids', await loginAs(ctx, 'grid_worker'))).statusCode).toBe(403);
      expect((await get('/api/exports/grids?format=kml')).statusCode).toBe(400);
    });
  });
}

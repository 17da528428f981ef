// Imports as a planner makes them: a Shapefile in CGCS2000 (4490 .prj), a CSV of points copied from
// Amap (GCJ-02), a file with one broken polygon (reported, the rest imported), a broken zip (a clear
// error, nothing written), grids into a plan — all or nothing.
import { unzipSync, zipSync } from 'fflate';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { shapefileZip } from '../../../server/interop/export.shapefile.ts';
import { prjOf } from '../../../server/interop/crs.convert.ts';

/** metres between two lon/lat points (equirectangular: plenty for hundreds of metres) */
function metres(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_008;
}

const square = (lon: number, lat: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
});

for (const backend of backends) {
  describe(`imports (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let planner: string;
    let parent: { id: number; code: string; lon: number; lat: number };

    beforeAll(async () => {
      planner = await loginAs(ctx, 'planner');
      parent = (await ctx.db.query<{ id: number; code: string; lon: number; lat: number }>(
        `select id, code, ST_X(ST_PointOnSurface(geom)) lon, ST_Y(ST_PointOnSurface(geom)) lat
           from grid where valid_to is null and level = 2 order by code limit 1`,
      )).rows[0];
    });

    const post = (url: string, payload: Uint8Array | string, type = 'application/octet-stream') =>
      ctx.app.inject({ method: 'POST', url, headers: { cookie: planner, 'content-type': type }, payload: typeof payload === 'string' ? payload : Buffer.from(payload) });
    const buildingCount = async () => (await ctx.db.query<{ n: number }>('select count(*)::int n from building')).rows[0].n;
    const openPlan = async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/plans', headers: { cookie: planner }, payload: { name: 'import test', scope_grid_id: parent.id } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };

    it('imports buildings from a zipped Shapefile whose .prj says CGCS2000 (EPSG:4490), Chinese names intact', async () => {
      const features: Feature[] = [1, 2, 3].map((n) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [parent.lon + n * 1e-5, parent.lat] },
        properties: { 名称: `测试楼${n}幢`, 户数: 10 * n, 层数: 6, 地址: `康乐路${n}号` },
      }));
      const zip = shapefileZip({ type: 'FeatureCollection', features }, ['名称', '户数', '层数', '地址'], 'buildings_4490', prjOf('cgcs2000'));
      const before = await buildingCount();
      const res = await post('/api/imports/buildings', zip, 'application/zip');
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.crs).toMatch(/CGCS2000/);
      expect(body.mapping).toMatchObject({ name: '名称', households: '户数', floors: '层数', address: '地址' });
      expect(body.imported).toBe(3);
      expect(await buildingCount()).toBe(before + 3);
      const stored = (await ctx.db.query<{ name: string; households: number; x: number }>(
        'select name, households, ST_X(geom) x from building where id = any($1::bigint[]) order by id', [body.ids],
      )).rows;
      expect(stored.map((b) => b.name)).toEqual(['测试楼1幢', '测试楼2幢', '测试楼3幢']);
      expect(stored.map((b) => b.households)).toEqual([10, 20, 30]);
      // CGCS2000 is taken as WGS84: no shift
      expect(stored[0].x).toBeCloseTo(parent.lon + 1e-5, 9);
      // the grid that gained them was recounted
      expect(body.recounted_grids).toContain(parent.id);
      const grid = (await ctx.db.query<{ households: number }>('select households from grid where id = $1 and valid_to is null', [parent.id])).rows[0];
      const sum = (await ctx.db.query<{ h: number }>(
        `select coalesce(sum(b.households), 0)::int h from building b join grid g on g.id = $1 and g.valid_to is null and ST_Contains(g.geom, b.geom)`, [parent.id],
      )).rows[0].h;
      expect(grid.households).toBe(sum);
    });

    it('unprojects a Shapefile in CGCS2000 Gauss–Krüger metres with its .prj, and refuses metres without one', async () => {
      const prj = 'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
      const features: Feature[] = [{ type: 'Feature', geometry: { type: 'Point', coordinates: [611_500, 2_710_000] }, properties: { name: '测绘楼' } }];
      const zip = shapefileZip({ type: 'FeatureCollection', features }, ['name'], 'survey', prj);
      const res = await post('/api/imports/preview?target=buildings', zip);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().crs).toBe('CGCS2000_3_Degree_GK_CM_117E (projected, from the .prj)');
      const [lon, lat] = res.json().bbox;
      // 111.5 km east of the 117°E zone meridian at 24.5°N: about 118.1°E
      expect(lon).toBeCloseTo(118.1, 1);
      expect(lat).toBeGreaterThan(24.4);
      expect(lat).toBeLessThan(24.6);
      const withoutPrj = zipSync(Object.fromEntries(Object.entries(unzipSync(zip)).filter(([n]) => !n.endsWith('.prj'))));
      const refused = await post('/api/imports/preview?target=buildings', withoutPrj);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(/not longitude\/latitude \(metres of a projection\?\): include the \.prj/);
    });

    it('moves GCJ-02 points copied from Amap by the expected tens to hundreds of metres', async () => {
      const wgs = [[parent.lon, parent.lat], [parent.lon + 2e-4, parent.lat + 1e-4]];
      const gcj = wgs.map((p) => gcoord.transform(p as [number, number], gcoord.WGS84, gcoord.GCJ02));
      const csv = `名称,经度,纬度,小区\n甲楼,${gcj[0][0]},${gcj[0][1]},不存在的小区\n"乙楼, 东",${gcj[1][0]},${gcj[1][1]},\n`;
      const res = await post('/api/imports/buildings?crs=gcj02', csv, 'text/csv');
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.crs).toMatch(/GCJ-02/);
      expect(body.unknown_compounds).toEqual(['不存在的小区']);
      const stored = (await ctx.db.query<{ name: string; x: number; y: number }>('select name, ST_X(geom) x, ST_Y(geom) y from building where id = any($1::bigint[]) order by id', [body.ids])).rows;
      expect(stored.map((b) => b.name)).toEqual(['甲楼', '乙楼, 东']);
      stored.forEach((b, i) => {
        // back where WGS84 has it (to the centimetre) …
        expect(metres([b.x, b.y], wgs[i])).toBeLessThan(0.05);
        // … which is tens to hundreds of metres from where Amap shows it (Xiamen: about 500 m)
        const shift = metres([b.x, b.y], gcj[i]);
        expect(shift).toBeGreaterThan(50);
        expect(shift).toBeLessThan(800);
      });
    });

    it('reports the one invalid polygon with its reason and imports the others', async () => {
      const bowtie: Polygon = { type: 'Polygon', coordinates: [[[parent.lon, parent.lat], [parent.lon + 1e-4, parent.lat + 1e-4], [parent.lon + 1e-4, parent.lat], [parent.lon, parent.lat + 1e-4], [parent.lon, parent.lat]]] };
      const collection: FeatureCollection = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: square(parent.lon, parent.lat, 5e-5), properties: { name: '好楼一' } },
          { type: 'Feature', geometry: bowtie, properties: { name: '坏楼' } },
          { type: 'Feature', geometry: square(parent.lon + 1e-4, parent.lat, 5e-5), properties: { name: '好楼二' } },
        ],
      };
      const res = await post('/api/imports/buildings', JSON.stringify(collection), 'application/geo+json');
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.imported).toBe(2);
      expect(body.rejected).toHaveLength(1);
      expect(body.rejected[0].ref).toBe('feature 2');
      expect(body.rejected[0].reason).toMatch(/invalid polygon: .*self-intersect/i);
      // footprints keep their shape; the point is inside each
      const inside = (await ctx.db.query<{ ok: boolean }>('select ST_Contains(footprint, geom) ok from building where id = any($1::bigint[])', [body.ids])).rows;
      expect(inside.every((r) => r.ok)).toBe(true);
    });

    it('refuses a malformed zip with a clear message and imports nothing', async () => {
      const before = await buildingCount();
      const broken = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(7)]);
      const res = await post('/api/imports/buildings', broken, 'application/zip');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.json().message).toMatch(/not a readable zip archive/);
      // a zip without a .dbf is as clear
      const noDbf = zipSync({ 'a.shp': new Uint8Array(100), 'a.prj': new TextEncoder().encode(prjOf('wgs84')) });
      const res2 = await post('/api/imports/buildings', noDbf, 'application/zip');
      expect(res2.statusCode).toBe(400);
      expect(res2.json().message).toMatch(/a\.dbf is missing/);
      expect(await buildingCount()).toBe(before);
    });

    it('previews a file: columns, the guessed mapping, accepted and rejected, without writing', async () => {
      const before = await buildingCount();
      const csv = 'name,code,parent_code,wkt\n一网格,350206001001001,350206001001,"POLYGON((118.1 24.5,118.101 24.5,118.101 24.501,118.1 24.5))"\n坏,x,,"POLYGON((1 2"\n';
      const res = await post('/api/imports/preview?target=grids', csv, 'text/csv');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ format: 'csv', features: 2, accepted: 1, columns: ['name', 'code', 'parent_code'], mapping: { name: 'name', code: 'code', parent: 'parent_code' } });
      expect(body.rejected[0]).toEqual({ ref: 'row 3', reason: expect.stringMatching(/parentheses are not closed/) });
      expect(body.sample[0]).toMatchObject({ name: '一网格', code: '350206001001001', parent_code: '350206001001' });
      expect(body.bbox).toEqual([118.1, 24.5, 118.101, 24.501]);
      expect(await buildingCount()).toBe(before);
      // a mapping that names a missing column is the caller's mistake, said before anything is read
      const bad = await post('/api/imports/preview?name=名称', csv, 'text/csv');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/name → "名称"/);
    });

    it('imports grids into a plan under a parent named by code, and refuses the whole batch when the plan refuses one grid', async () => {
      const plan = await openPlan();
      const children: FeatureCollection = {
        type: 'FeatureCollection',
        features: [0, 1].map((n) => ({
          type: 'Feature', geometry: square(parent.lon + n * 1e-4, parent.lat, 8e-5),
          properties: { 网格名称: `导入楼组${n + 1}`, 网格编码: `${parent.code}9${n}1`, 上级编码: parent.code },
        })),
      };
      const res = await post(`/api/imports/plans/${plan}/grids`, JSON.stringify(children), 'application/json');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ imported: 2, mapping: { name: '网格名称', code: '网格编码', parent: '上级编码' } });
      const grids = (await ctx.db.query<{ code: string; level: number; parent_id: number }>(
        'select code, level, parent_id from plan_grid where plan_id = $1 and id = any($2::bigint[]) order by code', [plan, res.json().ids],
      )).rows;
      expect(grids).toEqual([{ code: `${parent.code}901`, level: 3, parent_id: parent.id }, { code: `${parent.code}911`, level: 3, parent_id: parent.id }]);
      // the same codes again: the plan refuses, and nothing of the second file is written
      const count = async () => (await ctx.db.query<{ n: number }>('select count(*)::int n from plan_grid where plan_id = $1 and not deleted', [plan])).rows[0].n;
      const before = await count();
      const again = await post(`/api/imports/plans/${plan}/grids`, JSON.stringify(children), 'application/json');
      expect(again.statusCode).toBeGreaterThanOrEqual(400);
      expect(again.statusCode).toBeLessThan(500);
      expect(again.json().message).toMatch(/^nothing was imported/);
      expect(await count()).toBe(before);
    });

    it('streams progress lines, then the result, when asked for NDJSON', async () => {
      const rows = ['name,lon,lat', ...Array.from({ length: 4500 }, (_, i) => `进度楼${i},${parent.lon + (i % 60) * 1e-6},${parent.lat + Math.floor(i / 60) * 1e-6}`), 'bad,x,y'];
      const res = await ctx.app.inject({
        method: 'POST', url: '/api/imports/buildings', payload: rows.join('\n'),
        headers: { cookie: planner, 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.phase ?? 'result')).toEqual(['read', 'check', 'check', 'check', 'write', 'result']);
      expect(lines[3]).toEqual({ phase: 'check', done: 4000, total: 4501 });
      expect(lines.at(-1)).toMatchObject({ done: true, statusCode: 201, imported: 4500, rejected: [{ ref: 'row 4502' }] });
      // a refusal arrives the same way, as the last line
      const refused = await ctx.app.inject({ method: 'POST', url: '/api/imports/buildings', payload: 'name,lon,lat\n', headers: { cookie: planner, 'content-type': 'text/csv', accept: 'application/x-ndjson' } });
      expect(JSON.parse(refused.body.trim().split('\n').at(-1)!)).toMatchObject({ done: true, statusCode: 422, error: 'Unprocessable Entity', message: 'the file holds no features' });
    });

    it('is for planners and admins only', async () => {
      const worker = await loginAs(ctx, 'grid_worker');
      const res = await ctx.app.inject({ method: 'POST', url: '/api/imports/buildings', headers: { cookie: worker, 'content-type': 'text/csv' }, payload: 'name,lon,lat\na,1,2\n' });
      expect(res.statusCode).toBe(403);
      const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/imports/buildings', headers: { 'content-type': 'text/csv' }, payload: 'name,lon,lat\na,1,2\n' });
      expect(anonymous.statusCode).toBe(401);
    });
  });
}

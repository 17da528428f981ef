import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { crsFromPrj, fromWgs84, looksGeographic, prjOf, toWgs84 } from './crs.convert.ts';

const GK_117 = 'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const GDAL_4490 = 'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]]';

describe('coordinate systems at the edge', () => {
  it('reads WGS84, CGCS2000 (ESRI and GDAL spellings) and Gauss–Krüger projections from a .prj', () => {
    expect(crsFromPrj(prjOf('wgs84'))).toEqual({ valid: true, crs: { kind: 'named', name: 'wgs84' } });
    expect(crsFromPrj(prjOf('cgcs2000'))).toEqual({ valid: true, crs: { kind: 'named', name: 'cgcs2000' } });
    expect(crsFromPrj(GDAL_4490)).toEqual({ valid: true, crs: { kind: 'named', name: 'cgcs2000' } });
    expect(crsFromPrj(GK_117)).toMatchObject({ valid: true, crs: { kind: 'projected', name: 'CGCS2000_3_Degree_GK_CM_117E' } });
  });

  it('refuses what it cannot read, saying how to fix it', () => {
    expect(crsFromPrj('hello')).toMatchObject({ valid: false, reason: expect.stringMatching(/not a WKT/) });
    const beijing54 = 'GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    expect(crsFromPrj(beijing54)).toMatchObject({ valid: false, reason: expect.stringMatching(/GCS_Beijing_1954.*EPSG:4490/) });
  });

  it('unprojects Gauss–Krüger metres to lon/lat near the zone meridian', () => {
    const reading = crsFromPrj(GK_117);
    if (!reading.valid) throw new Error(reading.reason);
    const p = toWgs84({ type: 'Point', coordinates: [500000, 2710000] }, reading.crs);
    expect(p.coordinates[0]).toBeCloseTo(117, 6);
    expect(p.coordinates[1]).toBeGreaterThan(24.4);
    expect(p.coordinates[1]).toBeLessThan(24.6);
  });

  it('takes GCJ-02 (to the centimetre) and BD-09 (to the decimetre) back to WGS84, and leaves CGCS2000 as it is', () => {
    const wgs: [number, number] = [118.112, 24.493];
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02);
    const bd = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09);
    for (const [coordinates, name, tolerance] of [[gcj, 'gcj02', 2e-7], [bd, 'bd09', 1.5e-6]] as const) {
      const back = toWgs84({ type: 'Point', coordinates: [...coordinates] }, { kind: 'named', name });
      expect(Math.abs(back.coordinates[0] - wgs[0])).toBeLessThan(tolerance);
      expect(Math.abs(back.coordinates[1] - wgs[1])).toBeLessThan(tolerance);
    }
    const polygon = { type: 'Polygon' as const, coordinates: [[[118, 24], [118.1, 24], [118.1, 24.1], [118, 24]]] };
    expect(toWgs84(polygon, { kind: 'named', name: 'cgcs2000' })).toBe(polygon);
    const out = fromWgs84(polygon, 'gcj02');
    expect(out.coordinates[0][0]).not.toEqual([118, 24]);
    expect(polygon.coordinates[0][0]).toEqual([118, 24]);
  });

  it('tells metres from degrees', () => {
    expect(looksGeographic({ type: 'Point', coordinates: [118, 24] })).toBe(true);
    expect(looksGeographic({ type: 'Point', coordinates: [500000, 2710000] })).toBe(false);
  });
});

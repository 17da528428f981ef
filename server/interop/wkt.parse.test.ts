import { describe, expect, it } from 'vitest';
import { parseWkt } from './wkt.parse.ts';

describe('WKT for CSV imports', () => {
  it('reads every type, EWKT and Z ordinates', () => {
    expect(parseWkt('POINT(118.1 24.5)')).toEqual({ valid: true, geometry: { type: 'Point', coordinates: [118.1, 24.5] }, srid: null });
    expect(parseWkt('POINT Z (1 2 3)')).toMatchObject({ geometry: { coordinates: [1, 2] } });
    expect(parseWkt('SRID=4490;POLYGON((0 0,1 0,1 1,0 0))')).toMatchObject({ srid: 4490, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } });
    expect(parseWkt('multipolygon (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')).toMatchObject({ geometry: { type: 'MultiPolygon' } });
    expect(parseWkt('MULTIPOINT((1 2),(3 4))')).toMatchObject({ geometry: { coordinates: [[1, 2], [3, 4]] } });
    expect(parseWkt('MULTIPOINT(1 2,3 4)')).toMatchObject({ geometry: { coordinates: [[1, 2], [3, 4]] } });
    expect(parseWkt('LINESTRING(1 2, 3 4)')).toMatchObject({ geometry: { type: 'LineString' } });
  });

  it('says what is wrong with text that is not WKT', () => {
    const reasons = ['POLYGON((0 0,1 0', 'POLYGON((0 0,1 0,1 1,0 0)) x', 'POINT(1)', 'hello', 'POLYGON(0 0,1 1)', 'POINT EMPTY', 'POINT(1 2', ''].map((t) => {
      const r = parseWkt(t);
      return r.valid ? 'valid' : r.reason;
    });
    expect(reasons).toEqual([
      'POLYGON: parentheses are not closed',
      'POLYGON: text after the closing ")": "x"',
      'POINT: a position needs two numbers (x y), got "1"',
      'not WKT: expected POINT, LINESTRING, POLYGON or a MULTI form, got "hello"',
      'POLYGON has the wrong nesting of parentheses',
      'POINT EMPTY has no coordinates',
      'POINT: parentheses are not closed',
      'not WKT: expected POINT, LINESTRING, POLYGON or a MULTI form, got ""',
    ]);
  });
});

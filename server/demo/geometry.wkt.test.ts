import { describe, expect, it } from 'vitest';
import { toWkt } from './geometry.wkt.ts';

describe('toWkt', () => {
  it('writes every GeoJSON geometry type', () => {
    expect(toWkt({ type: 'Point', coordinates: [118.1, 24.49] })).toBe('POINT(118.1 24.49)');
    expect(toWkt({ type: 'LineString', coordinates: [[0, 0], [1, 2]] })).toBe('LINESTRING(0 0,1 2)');
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
    const hole = [[0.2, 0.1], [0.3, 0.1], [0.3, 0.2], [0.2, 0.1]];
    expect(toWkt({ type: 'Polygon', coordinates: [ring, hole] })).toBe('POLYGON((0 0,1 0,1 1,0 0),(0.2 0.1,0.3 0.1,0.3 0.2,0.2 0.1))');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[ring], [ring]] })).toBe('MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((0 0,1 0,1 1,0 0)))');
    expect(toWkt({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] })).toBe('MULTILINESTRING((0 0,1 1),(2 2,3 3))');
    expect(toWkt({ type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] })).toBe('MULTIPOINT((0 0),(1 1))');
    expect(toWkt({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] })).toBe('GEOMETRYCOLLECTION(POINT(1 2))');
  });

  it('writes numbers that read back as the same doubles, so shared vertices stay bit-identical', () => {
    const xs = [118.10000000000001, 24.123456789012345, 0.1 + 0.2, -1e-7, 118.8 + 1e-9];
    const text = toWkt({ type: 'LineString', coordinates: xs.map((x) => [x, x]) });
    const back = text.slice('LINESTRING('.length, -1).split(',').map((p) => Number(p.split(' ')[0]));
    expect(back).toEqual(xs);
  });
});

import { describe, expect, it } from 'vitest';
import { buildGridIndex, type IndexedGrid } from './grid.index.ts';
import { placePoint } from './point-in-grid.ts';
import { parsePolygons } from './wkb.parse.ts';

const square = (x0: number, y0: number, x1: number, y1: number) => [new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0])];

function grid(id: number, level: number, parent_id: number | null, code: string, parts: Float64Array[][]): IndexedGrid<string> {
  return { id, level, parent_id, code, name: `g${id}`, worker_id: null, worker: level === 2 ? `worker of ${id}` : null, parts };
}

describe('point in grid', () => {
  const ring = square(0, 0, 10, 10);
  it('tells interior, boundary (edges and vertices) and outside apart', () => {
    expect(placePoint(5, 5, [ring])).toBe('interior');
    expect(placePoint(10, 5, [ring])).toBe('boundary');
    expect(placePoint(0, 0, [ring])).toBe('boundary');
    expect(placePoint(10.000001, 5, [ring])).toBe('outside');
  });
  it('treats a hole as outside and its edge as boundary', () => {
    const withHole = [ring[0], new Float64Array([3, 3, 3, 7, 7, 7, 7, 3, 3, 3])];
    expect(placePoint(5, 5, [withHole])).toBe('outside');
    expect(placePoint(3, 5, [withHole])).toBe('boundary');
    expect(placePoint(1, 5, [withHole])).toBe('interior');
  });
  it('finds a point in any part of a multipolygon', () => {
    expect(placePoint(25, 5, [ring, square(20, 0, 30, 10)])).toBe('interior');
  });
});

describe('WKB', () => {
  it('reads a little-endian polygon and a big-endian multipolygon', () => {
    const le = Buffer.from('0103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F00000000000000000000000000000000', 'hex');
    expect([...parsePolygons(le)[0][0]]).toEqual([0, 0, 1, 0, 1, 1, 0, 0]);
    const be = Buffer.from('000000000600000001000000000300000001000000043ff0000000000000400000000000000040080000000000004010000000000000401400000000000040180000000000003ff00000000000004000000000000000', 'hex');
    expect([...parsePolygons(be)[0][0]]).toEqual([1, 2, 3, 4, 5, 6, 1, 2]);
    expect(() => parsePolygons(Buffer.from('010100000000000000000000000000000000000000', 'hex'))).toThrow(/Polygon or MultiPolygon/);
  });
});

describe('grid index', () => {
  const grids = [
    grid(1, 1, null, '320113001001', [square(0, 0, 20, 10)]),
    grid(2, 2, 1, '320113001001001', [square(0, 0, 10, 10)]),
    grid(3, 2, 1, '320113001001002', [square(10, 0, 20, 10)]),
    grid(4, 3, 2, '320113001001001001', [square(0, 0, 10, 5)]),
  ];
  const index = buildGridIndex(grids, 7);
  const ids = (x: number, y: number) => index.chain(x, y).map((g) => g.id);

  it('answers the chain from level 1 to the deepest grid', () => {
    expect(ids(5, 2)).toEqual([1, 2, 4]);
    expect(ids(5, 7)).toEqual([1, 2]);
    expect(ids(15, 5)).toEqual([1, 3]);
    expect(ids(50, 50)).toEqual([]);
    expect(index.generation).toBe(7);
  });
  it('settles a shared boundary by the lookup rule: deepest level, then interior, then lowest code', () => {
    expect(ids(10, 7)).toEqual([1, 2]);
    expect(ids(10, 2)).toEqual([1, 2, 4]);
  });
  it('copes with no grids at all', () => {
    expect(buildGridIndex([], null).chain(1, 1)).toEqual([]);
  });
});

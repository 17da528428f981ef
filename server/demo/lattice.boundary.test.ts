import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latticeArea, traceCells, type CellRect, type LatticeMultiPolygon } from './lattice.boundary.ts';

const cell = (u: number, v: number): CellRect => ({ u0: u, v0: v, u1: u + 1, v1: v + 1 });

function signedArea(ring: Array<[number, number]>): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

/** Unit edges of the traced outline, directed: every one must be a cell side between inside and outside. */
function directedEdges(mp: LatticeMultiPolygon): string[] {
  const out: string[] = [];
  for (const polygon of mp) for (const ring of polygon) for (let i = 0; i + 1 < ring.length; i++) out.push(`${ring[i]}>${ring[i + 1]}`);
  return out;
}

/** The boundary edges a set of cells must have, region on the left. */
function expectedEdges(cells: Set<string>): string[] {
  const has = (u: number, v: number) => cells.has(`${u},${v}`);
  const out: string[] = [];
  for (const key of cells) {
    const [u, v] = key.split(',').map(Number);
    if (!has(u, v - 1)) out.push(`${u},${v}>${u + 1},${v}`);
    if (!has(u + 1, v)) out.push(`${u + 1},${v}>${u + 1},${v + 1}`);
    if (!has(u, v + 1)) out.push(`${u + 1},${v + 1}>${u},${v + 1}`);
    if (!has(u - 1, v)) out.push(`${u},${v + 1}>${u},${v}`);
  }
  return out;
}

function ringsAreSimple(mp: LatticeMultiPolygon): boolean {
  for (const polygon of mp) {
    for (const ring of polygon) {
      const seen = new Set(ring.slice(0, -1).map((p) => `${p}`));
      if (seen.size !== ring.length - 1) return false;
    }
  }
  return true;
}

describe('traceCells', () => {
  it('keeps every lattice vertex along the outline of a rectangle, counter-clockwise', () => {
    const mp = traceCells([{ u0: 2, v0: 3, u1: 6, v1: 5 }]);
    expect(mp).toHaveLength(1);
    expect(mp[0]).toHaveLength(1);
    const ring = mp[0][0];
    // perimeter 2·(4+2) = 12 unit edges → 12 vertices plus the closing one
    expect(ring).toHaveLength(13);
    expect(ring[0]).toEqual(ring[12]);
    expect(signedArea(ring)).toBe(8);
  });

  it('traces a hole as a clockwise ring inside its shell', () => {
    const cells: CellRect[] = [];
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) if (u !== 1 || v !== 1) cells.push(cell(u, v));
    const mp = traceCells(cells);
    expect(mp).toHaveLength(1);
    expect(mp[0]).toHaveLength(2);
    expect(signedArea(mp[0][0])).toBe(9);
    expect(signedArea(mp[0][1])).toBe(-1);
  });

  it('splits a hole touching the outside at one vertex into shell and hole, both simple', () => {
    // 3×3 without the centre and the top-right cell: the hole touches the outside at (2, 2)
    const cells: CellRect[] = [];
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) if (!(u === 1 && v === 1) && !(u === 2 && v === 2)) cells.push(cell(u, v));
    const mp = traceCells(cells);
    expect(mp).toHaveLength(1);
    expect(mp[0].map(signedArea)).toEqual([8, -1]);
    expect(ringsAreSimple(mp)).toBe(true);
  });

  it('makes cells touching only at a corner two polygons', () => {
    const mp = traceCells([cell(0, 0), cell(1, 1)]);
    expect(mp).toHaveLength(2);
    expect(mp.map((p) => signedArea(p[0]))).toEqual([1, 1]);
  });

  it('refuses overlapping rectangles', () => {
    expect(() => traceCells([{ u0: 0, v0: 0, u1: 2, v1: 2 }, { u0: 1, v0: 1, u1: 3, v1: 3 }])).toThrow(/claimed twice/);
  });

  it('returns nothing for no cells', () => {
    expect(traceCells([])).toEqual([]);
    expect(traceCells([{ u0: 1, v0: 1, u1: 1, v1: 4 }])).toEqual([]);
  });

  it('on random cell sets: simple rings whose directed edges are exactly the cell sides between inside and outside', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: -4, max: 5 }), fc.integer({ min: -4, max: 5 })), { minLength: 1, maxLength: 45, selector: (t) => `${t}` }), (pairs) => {
        const cells = new Set(pairs.map((p) => `${p}`));
        const mp = traceCells(pairs.map(([u, v]) => cell(u, v)));
        expect(ringsAreSimple(mp)).toBe(true);
        expect(latticeArea(mp)).toBe(cells.size);
        expect(directedEdges(mp).sort()).toEqual(expectedEdges(cells).sort());
        for (const polygon of mp) {
          expect(signedArea(polygon[0])).toBeGreaterThan(0);
          for (const hole of polygon.slice(1)) expect(signedArea(hole)).toBeLessThan(0);
        }
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});

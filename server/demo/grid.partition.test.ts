import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, partitionByWeight } from './grid.partition.ts';
import { mergeStrayPieces } from './grid.hierarchy.ts';
import { traceCells, type CellRect } from './lattice.boundary.ts';

const squares = (n: number, weight: (i: number) => number) =>
  Array.from({ length: n * n }, (_, i) => ({ id: i, x: (i % n) + 0.5, y: Math.floor(i / n) + 0.5, weight: weight(i) }));

describe('partitionByWeight', () => {
  it('makes exactly the asked number of non-empty parts that together hold every item once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 144, maxLength: 144 }), (side, parts, ws) => {
        const items = squares(12, (i) => ws[i]).slice(0, Math.max(side * side, parts));
        const out = partitionByWeight(items, parts);
        expect(out).toHaveLength(parts);
        for (const p of out) expect(p.length).toBeGreaterThan(0);
        expect(out.flat().map((it) => it.id).sort((a, b) => a - b)).toEqual(items.map((it) => it.id));
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('balances uniform weights within one item per part', () => {
    const items = squares(20, () => 1);
    for (const parts of [2, 3, 7, 13, 40]) {
      const sizes = partitionByWeight(items, parts).map((p) => p.length);
      const ideal = items.length / parts;
      for (const s of sizes) expect(Math.abs(s - ideal)).toBeLessThanOrEqual(Math.ceil(ideal * 0.1) + 1);
    }
  });

  it('follows the weights: a heavy half gets more parts', () => {
    // west half ten times heavier than the east half
    const items = squares(20, (i) => (i % 20 < 10 ? 10 : 1));
    const parts = partitionByWeight(items, 11);
    const west = parts.filter((p) => p.every((it) => it.x < 10)).length;
    expect(west).toBeGreaterThanOrEqual(9);
  });

  it('prefers cutting between clusters when the weight allows it', () => {
    // two clusters of 50 items each side by side: two parts must be exactly the two clusters
    const items = squares(10, () => 1).map((it) => ({ ...it, cluster: it.x < 5 ? 0 : 1, clusterX: it.x < 5 ? 2.5 : 7.5, clusterY: 5 }));
    const [a, b] = partitionByWeight(items, 2);
    expect(new Set(a.map((it) => it.cluster))).toEqual(new Set([0]));
    expect(new Set(b.map((it) => it.cluster))).toEqual(new Set([1]));
  });

  it('refuses impossible requests', () => {
    expect(() => partitionByWeight(squares(2, () => 1), 5)).toThrow(/cannot make 5/);
    expect(() => partitionByWeight(squares(2, () => 1), 0)).toThrow(/positive integer/);
  });
});

describe('allocate', () => {
  it('shares in proportion, each bucket between one and its cap, summing to the total', () => {
    // one each, then 7 shared 1.75 / 1.75 / 3.5 → 1 / 1 / 3 whole, the two left go to the largest remainders
    expect(allocate(10, [1, 1, 2], [10, 10, 10])).toEqual([3, 3, 4]);
    const shares = allocate(255, [5030, 4652, 100, 0, 7000], [999, 999, 999, 999, 999]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(255);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
    expect(shares[4]).toBeGreaterThan(shares[0]);
    expect(shares[0]).toBeGreaterThan(shares[1]);
  });

  it('moves what a full bucket cannot take to the others', () => {
    const shares = allocate(20, [100, 1, 1], [3, 50, 50]);
    expect(shares[0]).toBe(3);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.abs(shares[1] - shares[2])).toBeLessThanOrEqual(1);
  });

  it('throws when the caps or the total cannot work', () => {
    expect(() => allocate(10, [1, 1], [4, 5])).toThrow(/hold only 9/);
    expect(() => allocate(1, [1, 1], [4, 5])).toThrow(/at least one/);
  });

  it('on random inputs: exact total, bounds respected', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.float({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (buckets, extra) => {
        const caps = buckets.map(([, c]) => c);
        const capacity = caps.reduce((a, b) => a + b, 0);
        const total = Math.min(capacity, buckets.length + (extra % (capacity - buckets.length + 1)));
        const shares = allocate(total, buckets.map(([w]) => w), caps);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(caps[i]);
        });
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('mergeStrayPieces', () => {
  const tile = (u0: number, v0: number, u1: number, v1: number, w = 1): CellRect & { w: number } => ({ u0, v0, u1, v1, w });

  it('moves a stray piece to the neighbour it shares most edge with and keeps the heavy piece', () => {
    // A = [west block (heavy), east strip]; B = middle block between them
    const a = [tile(0, 0, 2, 4, 10), tile(4, 0, 5, 4, 1)];
    const b = [tile(2, 0, 4, 4, 5)];
    const [pa, pb] = mergeStrayPieces([a, b], (t) => t.w);
    expect(pa).toEqual([a[0]]);
    expect(pb).toHaveLength(2);
    for (const part of [pa, pb]) expect(traceCells(part)).toHaveLength(1);
  });

  it('settles two stray pieces that face each other instead of swapping them forever', () => {
    // parts 0 and 1 each own a heavy tile and a strip; the two strips touch only each other and part 2
    const p0 = [tile(0, 0, 3, 3, 10), tile(0, 5, 6, 6, 1)];
    const p1 = [tile(3, 0, 6, 3, 10), tile(0, 6, 6, 7, 1)];
    const p2 = [tile(0, 3, 6, 5, 10), tile(0, 7, 6, 9, 10)];
    const out = mergeStrayPieces([p0, p1, p2], (t) => t.w);
    for (const part of out) expect(traceCells(part)).toHaveLength(1);
    expect(out.flat()).toHaveLength(6);
    expect(out.every((p) => p.length > 0)).toBe(true);
  });

  it('leaves connected parts alone', () => {
    const parts = [[tile(0, 0, 2, 2)], [tile(2, 0, 4, 2), tile(0, 2, 4, 3)]];
    expect(mergeStrayPieces(parts, () => 1)).toEqual(parts);
  });
});

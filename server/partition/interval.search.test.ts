// The exact search for a partition within [lo, hi]: small cases checked by hand, and random small graphs
// checked against brute force over every partition of their nodes.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/seeded.random.ts';
import { pieces, type PartitionGraph } from './partition.graph.ts';
import { graphOf } from './graph.fixture.ts';
import { intervalPartition } from './interval.search.ts';


/** Every grid connected and within range, every node in a grid. */
function expectValid(g: PartitionGraph, part: Int32Array, parts: number, lo: number, hi: number) {
  for (let p = 0; p < parts; p++) {
    const nodes = [...part.keys()].filter((v) => part[v] === p);
    const h = nodes.reduce((a, v) => a + g.households[v], 0);
    expect(h).toBeGreaterThanOrEqual(lo);
    expect(h).toBeLessThanOrEqual(hi);
    expect(pieces(g, (v) => part[v] === p)).toHaveLength(1);
  }
  expect([...part].every((p) => p >= 0 && p < parts)).toBe(true);
}

/** Brute force: is there a partition of all nodes into connected blocks of lo…hi households? */
function bruteForce(g: PartitionGraph, lo: number, hi: number): boolean {
  const block = new Int32Array(g.size).fill(-1);
  const place = (v: number, blocks: number): boolean => {
    if (v === g.size) {
      for (let b = 0; b < blocks; b++) {
        let h = 0;
        for (let u = 0; u < g.size; u++) if (block[u] === b) h += g.households[u];
        if (h < lo || h > hi || pieces(g, (u) => block[u] === b).length !== 1) return false;
      }
      return true;
    }
    for (let b = 0; b <= blocks; b++) {
      block[v] = b;
      if (place(v + 1, Math.max(blocks, b + 1))) return true;
    }
    block[v] = -1;
    return false;
  };
  return place(0, 0);
}

describe('intervalPartition', () => {
  it('finds grids within range along a row', () => {
    const g = graphOf([150, 150, 100, 200, 160, 140]);
    const found = intervalPartition(g, 270, 330);
    expect(found.status).toBe('found');
    if (found.status !== 'found') return;
    expect(found.parts).toBe(3);
    expectValid(g, found.part, found.parts, 270, 330);
  });

  it('proves impossibility the one-node bound cannot see', () => {
    // each 140 can pair with the middle one (280), but not both: three 140s make 420, no whole number of grids
    const g = graphOf([140, 140, 140]);
    expect(intervalPartition(g, 270, 330).status).toBe('infeasible');
  });

  it('reaches through a household-free block and gives leftover free blocks to a neighbour', () => {
    // 150 – park – 150, and a second park hanging off the first block
    const g = graphOf([150, 0, 150, 0], [[0, 1], [1, 2], [0, 3]]);
    const found = intervalPartition(g, 270, 330);
    expect(found.status).toBe('found');
    if (found.status !== 'found') return;
    expect(found.parts).toBe(1);
    expect([...found.part]).toEqual([0, 0, 0, 0]);
  });

  it('tries the sets nearest a guide first, and the answer does not depend on it', () => {
    // four blocks of 150 in a row: {0,1}{2,3} is the only balanced partition; a guide that puts 1 and 2
    // together still finds it, and a guide that is already right finds it at the first choice
    const g = graphOf([150, 150, 150, 150]);
    const right = intervalPartition(g, 270, 330, { guide: Int32Array.from([0, 0, 1, 1]) });
    expect(right.status).toBe('found');
    expect(right.states).toBe(2);
    const wrong = intervalPartition(g, 270, 330, { guide: Int32Array.from([0, 1, 1, 2]) });
    expect(wrong.status).toBe('found');
    if (wrong.status === 'found') expect([...wrong.part]).toEqual([0, 0, 1, 1]);
  });

  it('gives up with unknown when the budget runs out', () => {
    // 25 blocks of 20 on a 5×5 lattice cannot make grids of exactly 120, but it takes many choices to see
    const links: Array<[number, number]> = [];
    for (let i = 0; i < 25; i++) {
      if (i % 5 < 4) links.push([i, i + 1]);
      if (i < 20) links.push([i, i + 5]);
    }
    const g = graphOf(new Array(25).fill(20), links);
    expect(intervalPartition(g, 120, 120, { budget: 5 }).status).toBe('unknown');
    expect(intervalPartition(g, 120, 120).status).toBe('infeasible');
  });

  it('agrees with brute force on random small graphs (with household-free blocks)', () => {
    const r = seededRandom(7, 'interval');
    let found = 0;
    let infeasible = 0;
    for (let trial = 0; trial < 60; trial++) {
      // a 3×3 lattice with a few diagonals, households 0 (a park) or 40…220
      const households = Array.from({ length: 9 }, () => (r.chance(0.2) ? 0 : r.int(40, 220)));
      const links: Array<[number, number]> = [];
      for (let i = 0; i < 9; i++) {
        if (i % 3 < 2) links.push([i, i + 1]);
        if (i < 6) links.push([i, i + 3]);
        if (i % 3 < 2 && i < 6 && r.chance(0.3)) links.push([i, i + 4]);
      }
      const g = graphOf(households, links);
      const exact = bruteForce(g, 270, 330);
      const result = intervalPartition(g, 270, 330);
      expect(result.status, `households ${households.join(',')}`).toBe(exact ? 'found' : 'infeasible');
      if (result.status === 'found') {
        expectValid(g, result.part, result.parts, 270, 330);
        found++;
      } else infeasible++;
    }
    // both answers occur, so the comparison tests both
    expect(found).toBeGreaterThan(5);
    expect(infeasible).toBeGreaterThan(5);
  });
});

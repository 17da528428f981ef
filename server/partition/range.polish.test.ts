// The compactness descent for partitions found by the exact search: shorter borders, never out of range.
import { describe, expect, it } from 'vitest';
import type { Atom, AtomEdge } from './atoms.sql.ts';
import { buildGraph, pieces, type PartitionGraph } from './partition.graph.ts';
import { polishInRange } from './range.polish.ts';

/** A w × h lattice of blocks of 50 households, 100 m borders. */
function lattice(w: number, h: number): PartitionGraph {
  const atoms: Atom[] = [];
  const edges: AtomEdge[] = [];
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const id = j * w + i;
      atoms.push({ id, households: 50, buildings: 1, compound_id: null, area_m2: 10_000, perimeter_m: 400, lon: 118 + i * 0.001, lat: 32 - j * 0.001 });
      if (i < w - 1) edges.push({ a: id, b: id + 1, length_m: 100 });
      if (j < h - 1) edges.push({ a: id, b: id + w, length_m: 100 });
    }
  }
  return buildGraph(atoms, edges);
}

const cut = (g: PartitionGraph, part: Int32Array) => {
  let length = 0;
  for (let v = 0; v < g.size; v++) for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) if (part[g.neighbours[e]] !== part[v]) length += g.border[e];
  return length / 2;
};

describe('polishInRange', () => {
  it('straightens a ragged border without leaving the range or cutting a grid', () => {
    // 4 × 4 blocks, two grids (350 and 450 households) meeting along a zigzag
    const g = lattice(4, 4);
    const part = Int32Array.from([0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1]);
    for (const p of [0, 1]) expect(pieces(g, (v) => part[v] === p)).toHaveLength(1);
    const h = (p: number) => [...part.keys()].filter((v) => part[v] === p).length * 50;
    expect(h(0) + h(1)).toBe(800);
    const before = cut(g, part);
    polishInRange(g, part, 2, 300, 500);
    expect(cut(g, part)).toBeLessThan(before);
    for (const p of [0, 1]) {
      expect(h(p)).toBeGreaterThanOrEqual(300);
      expect(h(p)).toBeLessThanOrEqual(500);
      expect(pieces(g, (v) => part[v] === p)).toHaveLength(1);
    }
  });

  it('leaves a partition alone when every shorter border would leave the range', () => {
    const g = lattice(4, 1);
    const part = Int32Array.from([0, 0, 1, 1]);
    polishInRange(g, part, 2, 100, 100);
    expect([...part]).toEqual([0, 0, 1, 1]);
  });
});

// The pure partition on synthetic atom lattices: every part contiguous and non-empty, balanced where
// the atoms allow, compounds kept whole, the same proposal for the same seed, figures consistent.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/seeded.random.ts';
import type { Atom, AtomEdge } from './atoms.sql.ts';
import { buildGraph, pieces } from './partition.graph.ts';
import { solvePartition } from './partition.solve.ts';
import { polsbyPopper, scoreProposal } from './partition.score.ts';

const CELL_M = 50;

/** w × h square atoms of 50 m, households drawn from the seed; `compound(i, j)` groups cells into compounds. */
function lattice(w: number, h: number, seed: number, compound: (i: number, j: number) => number | null = () => null): { atoms: Atom[]; edges: AtomEdge[] } {
  const r = seededRandom(seed, 'lattice');
  const atoms: Atom[] = [];
  const edges: AtomEdge[] = [];
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const id = j * w + i;
      atoms.push({
        id, households: r.chance(0.15) ? 0 : r.int(20, 60), buildings: 1, compound_id: compound(i, j),
        area_m2: CELL_M * CELL_M, perimeter_m: 4 * CELL_M, lon: 118 + (i * CELL_M) / 94_000, lat: 32 + (j * CELL_M) / 110_574,
      });
      if (i > 0) edges.push({ a: id - 1, b: id, length_m: CELL_M });
      if (j > 0) edges.push({ a: id - w, b: id, length_m: CELL_M });
    }
  }
  return { atoms, edges };
}

describe('buildGraph', () => {
  it('keeps a compound as one node with the outline of the whole compound', () => {
    const { atoms, edges } = lattice(4, 4, 1, (i, j) => (i < 2 && j < 2 ? 77 : null));
    const g = buildGraph(atoms, edges);
    expect(g.size).toBe(13);
    const node = g.atoms.findIndex((a) => a.length === 4);
    expect(g.perimeter[node]).toBeCloseTo(8 * CELL_M);
    expect(g.area[node]).toBeCloseTo(4 * CELL_M * CELL_M);
    expect(polsbyPopper(g.area[node], g.perimeter[node])).toBeCloseTo(Math.PI / 4);
  });
});

describe('solvePartition', () => {
  for (const seed of [1, 2, 3]) {
    it(`makes contiguous, balanced parts of a 16 × 12 lattice (seed ${seed})`, () => {
      const { atoms, edges } = lattice(16, 12, seed);
      const g = buildGraph(atoms, edges);
      const solution = solvePartition(g, { parts: 8, seed });
      expect(solution.parts).toBe(8);
      for (let p = 0; p < 8; p++) expect(pieces(g, (v) => solution.part[v] === p)).toHaveLength(1);
      const score = scoreProposal(g, solution);
      expect(score.max_deviation).toBeLessThan(0.05);
      expect(score.mean_polsby_popper).toBeGreaterThan(0.45);
      expect(score.parts.reduce((a, p) => a + p.households, 0)).toBe(atoms.reduce((a, x) => a + x.households, 0));
    });
  }

  it('gives the same parts for the same seed and other parts for another', () => {
    const { atoms, edges } = lattice(14, 10, 5);
    const g = buildGraph(atoms, edges);
    const a = solvePartition(g, { parts: 6, seed: 11 });
    expect(solvePartition(g, { parts: 6, seed: 11 }).part).toEqual(a.part);
    expect(solvePartition(g, { parts: 6, seed: 12 }).part).not.toEqual(a.part);
  });

  it('never splits a compound', () => {
    const { atoms, edges } = lattice(12, 12, 4, (i, j) => (i % 3 === 0 && j % 3 === 0 ? 1000 + i * 12 + j : null));
    // each compound: its cell and the cell east of it
    for (const atom of atoms) {
      const i = atom.id % 12;
      const j = Math.floor(atom.id / 12);
      if (i % 3 === 1 && j % 3 === 0) atom.compound_id = 1000 + (i - 1) * 12 + j;
    }
    const g = buildGraph(atoms, edges);
    const solution = solvePartition(g, { parts: 6, seed: 1 });
    const partOfAtom = new Map<number, number>();
    g.atoms.forEach((list, node) => list.forEach((a) => partOfAtom.set(a, solution.part[node])));
    const byCompound = new Map<number, Set<number>>();
    for (const atom of atoms) if (atom.compound_id !== null) byCompound.set(atom.compound_id, (byCompound.get(atom.compound_id) ?? new Set()).add(partOfAtom.get(atom.id)!));
    for (const parts of byCompound.values()) expect(parts.size).toBe(1);
  });

  it('gives a piece without households to the nearest grid and spreads grids over pieces by households', () => {
    const left = lattice(6, 6, 8);
    const right = lattice(6, 6, 9);
    const shift = left.atoms.length;
    const atoms = [...left.atoms, ...right.atoms.map((a) => ({ ...a, id: a.id + shift, lon: a.lon + 0.01 }))];
    const edges = [...left.edges, ...right.edges.map((e) => ({ a: e.a + shift, b: e.b + shift, length_m: e.length_m }))];
    // a park island between them, touching neither
    atoms.push({ id: atoms.length, households: 0, buildings: 0, compound_id: null, area_m2: 100, perimeter_m: 40, lon: 118.004, lat: 32 });
    const g = buildGraph(atoms, edges);
    const solution = solvePartition(g, { parts: 4, seed: 1 });
    const leftParts = new Set(left.atoms.map((a) => solution.part[a.id]));
    const rightParts = new Set(right.atoms.map((a) => solution.part[a.id + shift]));
    expect(leftParts.size + rightParts.size).toBe(4);
    expect([...leftParts].some((p) => rightParts.has(p))).toBe(false);
    // the island still belongs to one of the four parts
    expect(solution.part[atoms.length - 1]).toBeGreaterThanOrEqual(0);
    expect(solution.part[atoms.length - 1]).toBeLessThan(4);
  });

  it('numbers parts north to south', () => {
    const { atoms, edges } = lattice(4, 20, 3);
    const g = buildGraph(atoms, edges);
    const solution = solvePartition(g, { parts: 4, seed: 1 });
    const northOf = (p: number) => Math.max(...[...solution.part.keys()].filter((v) => solution.part[v] === p).map((v) => g.y[v]));
    expect([0, 1, 2, 3].map(northOf)).toEqual([0, 1, 2, 3].map(northOf).sort((a, b) => b - a));
  });

  it('copes with one part, and with more parts asked than nodes', () => {
    const { atoms, edges } = lattice(3, 1, 1);
    const g = buildGraph(atoms, edges);
    expect(solvePartition(g, { parts: 1, seed: 1 }).part).toEqual(new Int32Array([0, 0, 0]));
    expect(solvePartition(g, { parts: 9, seed: 1 }).parts).toBe(3);
    expect(solvePartition(buildGraph([], []), { parts: 3, seed: 1 }).parts).toBe(0);
  });
});

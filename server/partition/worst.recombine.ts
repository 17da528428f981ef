// Recombination aimed at the worst grid: the worst part is merged with one neighbouring part (or two,
// together connected), random spanning trees of the merged nodes are drawn, and every way of cutting one
// tree edge (two parts) or two tree edges (three parts) is scored by the sorted vector of the parts'
// deviations beyond the tolerance — the same leximin order as minmax.polish.ts, so a re-split is taken
// only if it lowers the worst deviation (or keeps it and lowers the next). Unlike single-node moves it
// can swap a large compound for a combination of small ones, and it walks through household-free nodes
// (parks, strips) that node moves never shift. Ties go to the shorter border. Deterministic per stream.
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { randomSpanningTree, subtree } from './spanning.tree.ts';

export interface WorstRecombineOptions {
  /** deviation (fraction of the share) below which a grid counts as balanced */
  tolerance: number;
  /** spanning trees drawn per merged group */
  trees: number;
  /** accepted re-splits at most */
  rounds: number;
}

export const defaultWorstRecombine: WorstRecombineOptions = { tolerance: 0.05, trees: 32, rounds: 60 };

const EPS = 1e-12;

interface Split {
  vector: number[];
  border: number;
  /** group index (0, 1, 2) of each member */
  label: Uint8Array;
}

/** Re-splits groups around the worst part while that helps; true when anything changed. */
export function recombineWorst(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, share: number, r: Random, options: WorstRecombineOptions = defaultWorstRecombine): boolean {
  if (k < 2) return false;
  const excess = (h: number) => Math.max(0, Math.abs(h - share) / share - options.tolerance);
  const local = new Int32Array(graph.size).fill(-1);
  let changed = false;
  for (let round = 0; round < options.rounds; round++) {
    const households = new Float64Array(k);
    for (const v of nodes) households[part[v] - firstPart] += graph.households[v];
    const w = worstOf(households, excess) + firstPart;
    if (excess(households[w - firstPart]) <= EPS) break;
    const improved = groupsAround(graph, nodes, part, w).some((group) => {
      const members = nodes.filter((v) => group.includes(part[v]));
      const current = sortedDesc(group.map((p) => excess(households[p - firstPart])));
      members.forEach((v, i) => (local[v] = i));
      const best = bestSplit(graph, members, group.length, local, excess, r, options.trees);
      for (const v of members) local[v] = -1;
      if (!best || lexCompare(best.vector, current) >= 0) return false;
      members.forEach((v, i) => (part[v] = group[best.label[i]]));
      return true;
    });
    if (!improved) break;
    changed = true;
  }
  return changed;
}

function worstOf(households: Float64Array, excess: (h: number) => number): number {
  let w = 0;
  for (let i = 1; i < households.length; i++) if (excess(households[i]) > excess(households[w]) + EPS) w = i;
  return w;
}

/** [w, q] for each neighbouring part q, then [w, q, s] for parts s next to w or q: pairs first (cheaper). */
function groupsAround(graph: PartitionGraph, nodes: readonly number[], part: Int32Array, w: number): number[][] {
  const touching = (p: number) => {
    const out = new Set<number>();
    for (const v of nodes) {
      if (part[v] !== p) continue;
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const q = part[graph.neighbours[e]];
        if (q !== p && q >= 0) out.add(q);
      }
    }
    return [...out].sort((a, b) => a - b);
  };
  const near = touching(w);
  const pairs = near.map((q) => [w, q]);
  const triples: number[][] = [];
  const seen = new Set<string>();
  for (const q of near) {
    for (const s of [...near, ...touching(q)]) {
      if (s === w || s === q) continue;
      const key = [q, s].sort((a, b) => a - b).join();
      if (seen.has(key)) continue;
      seen.add(key);
      triples.push([w, Math.min(q, s), Math.max(q, s)]);
    }
  }
  return [...pairs, ...triples];
}

function sortedDesc(values: number[]): number[] {
  return values.sort((a, b) => b - a);
}

function lexCompare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > EPS) return a[i] - b[i];
  return 0;
}

/** The best cut of `trees` random spanning trees of the members into `parts` (2 or 3) pieces. */
function bestSplit(graph: PartitionGraph, members: number[], parts: number, local: Int32Array, excess: (h: number) => number, r: Random, trees: number): Split | null {
  const n = members.length;
  if (n < parts) return null;
  let best: Split | null = null;
  const consider = (sizes: number[], label: () => Uint8Array) => {
    const vector = sortedDesc(sizes.map(excess));
    const c = best ? lexCompare(vector, best.vector) : -1;
    if (c > 0) return;
    const l = label();
    const border = cutLength(graph, members, l, local);
    if (c < 0 || border < best!.border - 1e-9) best = { vector, border, label: l };
  };
  for (let t = 0; t < trees; t++) {
    const tree = randomSpanningTree(graph, members, local, r);
    if (!tree) return null;
    const { parent, order, below } = tree;
    const total = below[order[0]];
    const masks = [...Array(n).keys()].map((a) => (parent[a] < 0 ? null : subtree(a, parent, order, n)));
    for (let a = 0; a < n; a++) {
      const ma = masks[a];
      if (!ma) continue;
      if (parts === 2) {
        consider([below[a], total - below[a]], () => ma);
        continue;
      }
      for (let b = a + 1; b < n; b++) {
        const mb = masks[b];
        if (!mb) continue;
        const [outer, inner] = ma[b] ? [a, b] : mb[a] ? [b, a] : [-1, -1];
        const sizes = outer >= 0 ? [below[inner], below[outer] - below[inner], total - below[outer]] : [below[a], below[b], total - below[a] - below[b]];
        if (sizes.some((s) => s <= 0)) continue;
        consider(sizes, () => Uint8Array.from({ length: n }, (_, i) => (outer >= 0 ? (masks[inner]![i] ? 0 : masks[outer]![i] ? 1 : 2) : ma[i] ? 0 : mb[i] ? 1 : 2)));
      }
    }
  }
  return best;
}

/** Border length between members with different labels. */
function cutLength(graph: PartitionGraph, members: number[], label: Uint8Array, local: Int32Array): number {
  let length = 0;
  members.forEach((v, i) => {
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      const j = local[graph.neighbours[e]];
      if (j > i && label[j] !== label[i]) length += graph.border[e];
    }
  });
  return length;
}

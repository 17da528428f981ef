// The first proposal, by recursive spanning-tree bisection (GerryChain's recursive_tree_part): draw a
// random spanning tree of the nodes, and cut the tree edge that leaves k₁ and k − k₁ grids' worth of
// households on its two sides; both sides of a tree are connected, so every part is contiguous. Each cut
// is measured against the one share of the whole area, so errors never pile up down the recursion: a
// grid is within the tolerance whenever every cut on its way was.
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';
import type { CostModel } from './partition.cost.ts';
import { randomSpanningTree, subtree } from './spanning.tree.ts';

export interface BisectOptions {
  /** most trees drawn for one cut */
  trees: number;
  /** a cut this close to its share (fraction of one share) is good enough… */
  tolerance: number;
  /** …and among this many good cuts, the one with the shortest border wins */
  candidates: number;
}

export const defaultBisect: BisectOptions = { trees: 400, tolerance: 0.04, candidates: 12 };

interface Cut {
  /** [0, border cost] for a cut within the tolerance, else [1, balance error] */
  key: [number, number];
  side: Uint8Array;
  partsA: number;
}

/** Assigns parts `firstPart … firstPart + k - 1` to `nodes` (connected) in `part`. */
export function bisect(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, cost: CostModel, r: Random, options: BisectOptions = defaultBisect): void {
  const local = new Int32Array(graph.size).fill(-1);
  const split = (members: number[], parts: number, first: number) => {
    if (parts === 1) {
      for (const v of members) part[v] = first;
      return;
    }
    members.forEach((v, i) => (local[v] = i));
    const cut = bestCut(graph, members, parts, cost, r, options, local);
    for (const v of members) local[v] = -1;
    const a = members.filter((_, i) => cut.side[i] === 1);
    const b = members.filter((_, i) => cut.side[i] === 0);
    split(a, cut.partsA, first);
    split(b, parts - cut.partsA, first + cut.partsA);
  };
  split([...nodes], k, firstPart);
}

function bestCut(graph: PartitionGraph, members: number[], parts: number, cost: CostModel, r: Random, options: BisectOptions, local: Int32Array): Cut {
  const n = members.length;
  const share = cost.share;
  let best: Cut | null = null;
  let good = 0;
  for (let t = 0; t < options.trees && good < options.candidates; t++) {
    const tree = randomSpanningTree(graph, members, local, r);
    if (!tree) throw new Error('bisect needs connected nodes');
    const { parent, order, below } = tree;
    const total = below[order[0]];
    const count = subtreeSizes(parent, order);
    let treeBest: { a: number; partsA: number; error: number } | null = null;
    for (let a = 0; a < n; a++) {
      if (parent[a] < 0) continue;
      const hA = below[a];
      // each side needs at least one node per part it is to make
      const lo = Math.max(1, parts - (n - count[a]));
      const hi = Math.min(parts - 1, count[a]);
      if (lo > hi) continue;
      for (const wanted of [Math.floor(hA / share), Math.ceil(hA / share)]) {
        const partsA = Math.min(hi, Math.max(lo, wanted));
        // a part count near half keeps both sides round; it weighs far less than balance
        const error = Math.max(Math.abs(hA - partsA * share), Math.abs(total - hA - (parts - partsA) * share)) / share + (0.001 * Math.abs(2 * partsA - parts)) / parts;
        if (!treeBest || error < treeBest.error) treeBest = { a, partsA, error };
      }
    }
    if (!treeBest) continue;
    const side = subtree(treeBest.a, parent, order, n);
    const within = treeBest.error <= options.tolerance;
    if (within) good++;
    const key: [number, number] = within ? [0, cost.border(graph, members, (v) => side[local[v]] === 1, local)] : [1, treeBest.error];
    if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) best = { key, side, partsA: treeBest.partsA };
  }
  if (!best) {
    // a tree with no edge giving each side at least one grid: a single node; cannot happen for parts ≤ n
    throw new Error(`cannot cut ${n} nodes into ${parts} parts`);
  }
  return best;
}

function subtreeSizes(parent: Int32Array, order: Int32Array): Int32Array {
  const count = new Int32Array(order.length).fill(1);
  for (let i = order.length - 1; i > 0; i--) count[parent[order[i]]] += count[order[i]];
  return count;
}

// ReCom-style refinement (recombination, after DeFord, Duchin and Solomon): two neighbouring parts are
// merged, random spanning trees of the merged nodes are drawn, and the tree edge whose removal leaves the
// two halves best balanced (then with the shortest border between them) splits them again. Both halves of
// a tree are connected, so contiguity holds by construction; where single-node moves are stuck (large
// compounds, a full part walled in by full parts), this passes households along chains of parts.
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';
import type { CostModel } from './partition.cost.ts';
import { randomSpanningTree, subtree } from './spanning.tree.ts';

export interface RecombineOptions {
  rounds: number;
  /** spanning trees drawn per pair */
  trees: number;
}

export const defaultRecombine: RecombineOptions = { rounds: 40, trees: 24 };

interface Split {
  cost: number;
  side: Uint8Array;
}

/** Improves parts `firstPart … firstPart + k - 1` over `nodes` in place. */
export function recombine(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, cost: CostModel, r: Random, options: RecombineOptions = defaultRecombine): void {
  if (k < 2) return;
  const local = new Int32Array(graph.size).fill(-1);
  for (let round = 0; round < options.rounds; round++) {
    const pairs = r.shuffle(adjacentPairs(graph, nodes, part));
    let improved = false;
    for (const [p, q] of pairs) {
      const members = nodes.filter((v) => part[v] === p || part[v] === q);
      members.forEach((v, i) => (local[v] = i));
      const before = cost.balance(sumHouseholds(graph, members, part, p)) + cost.balance(sumHouseholds(graph, members, part, q)) + cost.border(graph, members, (v) => part[v] === p, local);
      // an earlier recombination this round may have taken away the border the two parts shared
      const best = bestSplit(graph, members, cost, r, options.trees, local);
      for (const v of members) local[v] = -1;
      if (best && best.cost < before - 1e-9) {
        members.forEach((v, i) => (part[v] = best.side[i] ? q : p));
        improved = true;
      }
    }
    if (!improved) return;
  }
}

function sumHouseholds(graph: PartitionGraph, members: number[], part: Int32Array, p: number): number {
  let h = 0;
  for (const v of members) if (part[v] === p) h += graph.households[v];
  return h;
}

function adjacentPairs(graph: PartitionGraph, nodes: readonly number[], part: Int32Array): Array<[number, number]> {
  const seen = new Set<string>();
  const out: Array<[number, number]> = [];
  for (const v of nodes) {
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      const p = part[v];
      const q = part[graph.neighbours[e]];
      if (p >= q) continue;
      const key = `${p},${q}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push([p, q]);
      }
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The best split of the merged pair over `trees` random spanning trees; null when the pair is one node. */
function bestSplit(graph: PartitionGraph, members: number[], cost: CostModel, r: Random, trees: number, local: Int32Array): Split | null {
  const n = members.length;
  if (n < 2) return null;
  let best: Split | null = null;
  for (let t = 0; t < trees; t++) {
    const tree = randomSpanningTree(graph, members, local, r);
    if (!tree) return null;
    const { parent, order, below } = tree;
    const total = below[order[0]];
    // balance first; the border is measured only for the cuts that tie with the best balance
    let bestBalance = Infinity;
    const candidates: number[] = [];
    for (let a = 0; a < n; a++) {
      if (parent[a] < 0) continue;
      const b = cost.balance(below[a]) + cost.balance(total - below[a]);
      if (b < bestBalance - 1e-9) {
        bestBalance = b;
        candidates.length = 0;
      }
      if (b <= bestBalance + 1e-9) candidates.push(a);
    }
    if (best && bestBalance >= best.cost) continue;
    for (const a of candidates) {
      const side = subtree(a, parent, order, n);
      const c = bestBalance + cost.border(graph, members, (v) => side[local[v]] === 1, local);
      if (!best || c < best.cost - 1e-9) best = { cost: c, side };
    }
  }
  return best;
}

// Random spanning trees of a connected set of graph nodes, the move of both tree bisection and pair
// recombination: cutting any one tree edge splits the nodes into two connected halves.
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';

export interface SpanningTree {
  /** tree parent of each member (index into members), -1 at the root */
  parent: Int32Array;
  /** members in breadth-first order from the root: every member after its parent */
  order: Int32Array;
  /** households in the subtree of each member */
  below: Float64Array;
}

/**
 * Kruskal on random edge weights, lightly favouring long shared borders inside a half, so cuts tend to
 * fall on short borders. `local[v]` is v's index in `members` (-1 for non-members). Null when the
 * members are not connected.
 */
export function randomSpanningTree(graph: PartitionGraph, members: readonly number[], local: Int32Array, r: Random): SpanningTree | null {
  const n = members.length;
  const edges: Array<[number, number, number]> = [];
  members.forEach((v, i) => {
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      const j = local[graph.neighbours[e]];
      if (j > i) edges.push([i, j, r.next() / (1 + Math.sqrt(graph.border[e]) / 10)]);
    }
  });
  edges.sort((x, y) => x[2] - y[2]);
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    root[ra] = rb;
    adj[a].push(b);
    adj[b].push(a);
  }
  const parent = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const start = Math.floor(r.next() * n);
  order[0] = start;
  seen[start] = 1;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const a = order[head];
    for (const b of adj[a]) {
      if (seen[b]) continue;
      seen[b] = 1;
      parent[b] = a;
      order[tail++] = b;
    }
  }
  if (tail !== n) return null;
  const below = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const a = order[i];
    below[a] += graph.households[members[a]];
    if (parent[a] >= 0) below[parent[a]] += below[a];
  }
  return { parent, order, below };
}

/** The members below tree member `a` (a included), as a 0/1 mask. */
export function subtree(a: number, parent: Int32Array, order: Int32Array, n: number): Uint8Array {
  const side = new Uint8Array(n);
  side[a] = 1;
  for (const b of order) if (parent[b] >= 0 && side[parent[b]]) side[b] = 1;
  return side;
}

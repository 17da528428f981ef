// The first proposal: k centres placed by household-weighted k-means (k-means++ start from the seeded
// stream), then k regions grown from the nodes nearest those centres, breadth-first over the adjacency
// graph. The emptiest region takes the next step, choosing the free neighbour nearest its centre, so
// regions fill evenly and stay round; a region at its share waits while another can still grow.
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';

const LLOYD_ROUNDS = 8;
/** open land (parks, units, water) counts this much of the households per square metre, so centres spread over it too */
const AREA_SHARE = 0.1;

/** Household weight of each node, with a little for area. */
export function nodeWeights(graph: PartitionGraph, nodes: readonly number[]): Float64Array {
  let households = 0;
  let area = 0;
  for (const v of nodes) {
    households += graph.households[v];
    area += graph.area[v];
  }
  const perM2 = area > 0 ? (AREA_SHARE * Math.max(households, 1)) / area : 0;
  const w = new Float64Array(graph.size);
  for (const v of nodes) w[v] = graph.households[v] + perM2 * graph.area[v];
  return w;
}

/** Weighted k-means over node centroids; returns k centres [x, y]. */
export function placeCentres(graph: PartitionGraph, nodes: readonly number[], k: number, r: Random): Array<[number, number]> {
  const w = nodeWeights(graph, nodes);
  const centres: Array<[number, number]> = [];
  const first = r.weighted(nodes, nodes.map((v) => w[v]));
  centres.push([graph.x[first], graph.y[first]]);
  const d2 = nodes.map((v) => dist2(graph, v, centres[0]));
  while (centres.length < k) {
    const weights = nodes.map((v, i) => w[v] * d2[i]);
    const next = weights.some((x) => x > 0) ? r.weighted(nodes, weights) : nodes[centres.length % nodes.length];
    const c: [number, number] = [graph.x[next], graph.y[next]];
    centres.push(c);
    nodes.forEach((v, i) => (d2[i] = Math.min(d2[i], dist2(graph, v, c))));
  }
  for (let round = 0; round < LLOYD_ROUNDS; round++) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const sw = new Float64Array(k);
    for (const v of nodes) {
      const c = nearestCentre(graph, v, centres);
      sx[c] += w[v] * graph.x[v];
      sy[c] += w[v] * graph.y[v];
      sw[c] += w[v];
    }
    for (let c = 0; c < k; c++) if (sw[c] > 0) centres[c] = [sx[c] / sw[c], sy[c] / sw[c]];
  }
  return centres;
}

const dist2 = (graph: PartitionGraph, v: number, [cx, cy]: [number, number]) => (graph.x[v] - cx) ** 2 + (graph.y[v] - cy) ** 2;

function nearestCentre(graph: PartitionGraph, v: number, centres: Array<[number, number]>): number {
  let best = 0;
  let bestD = Infinity;
  centres.forEach((c, i) => {
    const d = dist2(graph, v, c);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/** A min-heap of nodes by distance. */
class NodeHeap {
  private readonly keys: number[] = [];
  private readonly nodes: number[] = [];
  get size(): number {
    return this.nodes.length;
  }
  top(): number {
    return this.nodes[0];
  }
  push(node: number, key: number): void {
    let i = this.nodes.length;
    this.nodes.push(node);
    this.keys.push(key);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up] < key || (this.keys[up] === key && this.nodes[up] <= node)) break;
      this.swap(i, up);
      i = up;
    }
  }
  pop(): number {
    const out = this.nodes[0];
    const lastNode = this.nodes.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.nodes.length > 0) {
      this.nodes[0] = lastNode;
      this.keys[0] = lastKey;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        if (l < this.nodes.length && this.less(l, m)) m = l;
        if (rr < this.nodes.length && this.less(rr, m)) m = rr;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return out;
  }
  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.nodes[a] < this.nodes[b]);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b], this.nodes[a]];
  }
}

/**
 * Grows parts `firstPart … firstPart + centres.length - 1` over `nodes` (one connected piece of the
 * graph) into `part`, which must hold -1 for every node of the piece. Every part ends connected.
 */
export function growRegions(graph: PartitionGraph, nodes: readonly number[], centres: Array<[number, number]>, firstPart: number, part: Int32Array): void {
  const k = centres.length;
  const total = nodes.reduce((a, v) => a + graph.households[v], 0);
  const share = Math.max(total / k, 1e-9);
  const filled = new Float64Array(k);
  const heaps = centres.map(() => new NodeHeap());
  const take = (p: number, v: number) => {
    part[v] = firstPart + p;
    filled[p] += graph.households[v];
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      const u = graph.neighbours[e];
      if (part[u] === -1) heaps[p].push(u, dist2(graph, u, centres[p]));
    }
  };
  // each part starts at the free node nearest its centre
  centres.forEach((c, p) => {
    let best = -1;
    let bestD = Infinity;
    for (const v of nodes) {
      const d = dist2(graph, v, c);
      if (part[v] === -1 && d < bestD) {
        bestD = d;
        best = v;
      }
    }
    take(p, best);
  });
  for (let left = nodes.length - k; left > 0; left--) {
    let chosen = -1;
    for (let p = 0; p < k; p++) {
      const heap = heaps[p];
      while (heap.size > 0 && part[heap.top()] !== -1) heap.pop();
      if (heap.size === 0) continue;
      if (chosen < 0 || rank(filled[p] / share) < rank(filled[chosen] / share) || (rank(filled[p] / share) === rank(filled[chosen] / share) && filled[p] < filled[chosen])) chosen = p;
    }
    take(chosen, heaps[chosen].pop());
  }
}

/** Parts below their share come first, emptiest first; full parts only take what nobody else can reach. */
const rank = (fill: number) => (fill < 1 ? 0 : 1);

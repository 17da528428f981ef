// Local search on a grown proposal: a node on the border between two parts moves to the other part when
// that lowers the energy — household balance first, then the length of the borders between parts
// (short borders = compact grids) — or, early on, by simulated annealing even when it does not. A move
// never empties a part and never cuts one in two (the node must not be an articulation point of its
// part), so parts that start connected end connected. Deterministic for a seeded stream.
import { cutsPart } from './part.connectivity.ts';
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';
import type { CostModel } from './partition.cost.ts';

export interface AnnealOptions {
  /** proposed moves per node */
  effort: number;
  /** starting temperature, in energy units (a squared relative deviation) */
  temperature: number;
}

export const defaultAnneal: AnnealOptions = { effort: 1000, temperature: 0.03 };

const T_END = 0.0002;

interface State {
  graph: PartitionGraph;
  part: Int32Array;
  /** households and node count of each part, indexed part - firstPart */
  households: Float64Array;
  count: Int32Array;
  firstPart: number;
  cost: CostModel;
  /** BFS scratch */
  stamp: Int32Array;
  visit: number;
  queue: Int32Array;
}

const balanceCost = (s: State, households: number) => s.cost.balance(households);

/** Energy change of moving v to part q, or NaN when the move is not allowed. */
function moveDelta(s: State, v: number, q: number): number {
  const p = s.part[v];
  const pi = p - s.firstPart;
  const qi = q - s.firstPart;
  if (s.count[pi] <= 1) return NaN;
  const h = s.graph.households[v];
  let delta = balanceCost(s, s.households[pi] - h) + balanceCost(s, s.households[qi] + h) - balanceCost(s, s.households[pi]) - balanceCost(s, s.households[qi]);
  const { offsets, neighbours, border } = s.graph;
  let borderChange = 0;
  for (let e = offsets[v]; e < offsets[v + 1]; e++) {
    const owner = s.part[neighbours[e]];
    if (owner === p) borderChange += border[e];
    else if (owner === q) borderChange -= border[e];
  }
  delta += borderChange * s.cost.perMetre;
  return delta;
}

function apply(s: State, v: number, q: number): void {
  const h = s.graph.households[v];
  const pi = s.part[v] - s.firstPart;
  const qi = q - s.firstPart;
  s.households[pi] -= h;
  s.count[pi]--;
  s.households[qi] += h;
  s.count[qi]++;
  s.part[v] = q;
}

/** Improves the parts `firstPart … firstPart + k - 1` over `nodes` in place. */
export function anneal(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, cost: CostModel, r: Random, options: AnnealOptions = defaultAnneal): void {
  if (k < 2) return;
  const s = initialState(graph, nodes, k, firstPart, part, cost);
  // the border entries between nodes of this piece, from which moves are drawn
  const from: number[] = [];
  const to: number[] = [];
  for (const v of nodes) {
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
      from.push(v);
      to.push(graph.neighbours[e]);
    }
  }
  if (from.length === 0) return;
  const steps = Math.round(options.effort * nodes.length);
  const cooling = Math.pow(T_END / options.temperature, 1 / Math.max(1, steps));
  let t = options.temperature;
  let energy = totalEnergy(s, nodes);
  let best = energy;
  const bestPart = Int32Array.from(nodes, (v) => part[v]);
  for (let step = 0; step < steps; step++, t *= cooling) {
    const i = Math.floor(r.next() * from.length);
    const v = from[i];
    const q = part[to[i]];
    if (q === part[v]) continue;
    const delta = moveDelta(s, v, q);
    if (!(delta < 0 || r.next() < Math.exp(-delta / t))) continue;
    if (cutsPart(s.graph, s.part, v, s)) continue;
    apply(s, v, q);
    energy += delta;
    if (energy < best - 1e-12) {
      best = energy;
      nodes.forEach((u, j) => (bestPart[j] = part[u]));
    }
  }
  nodes.forEach((u, j) => (part[u] = bestPart[j]));
  descend(initialState(graph, nodes, k, firstPart, part, cost), from, to);
}

/** Plain descent to a local minimum: every improving move, in a fixed order, until none is left. */
function descend(s: State, from: number[], to: number[]): void {
  for (let sweep = 0; sweep < 50; sweep++) {
    let improved = false;
    for (let i = 0; i < from.length; i++) {
      const v = from[i];
      const q = s.part[to[i]];
      if (q === s.part[v]) continue;
      const delta = moveDelta(s, v, q);
      if (delta < -1e-12 && !cutsPart(s.graph, s.part, v, s)) {
        apply(s, v, q);
        improved = true;
      }
    }
    if (!improved) return;
  }
}

function initialState(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, cost: CostModel): State {
  const households = new Float64Array(k);
  const count = new Int32Array(k);
  for (const v of nodes) {
    households[part[v] - firstPart] += graph.households[v];
    count[part[v] - firstPart]++;
  }
  return {
    graph, part, households, count, firstPart, cost,
    stamp: new Int32Array(graph.size),
    visit: 0,
    queue: new Int32Array(graph.size),
  };
}

function totalEnergy(s: State, nodes: readonly number[]): number {
  let energy = 0;
  for (let i = 0; i < s.households.length; i++) energy += balanceCost(s, s.households[i]);
  const { offsets, neighbours, border } = s.graph;
  for (const v of nodes) {
    for (let e = offsets[v]; e < offsets[v + 1]; e++) if (s.part[neighbours[e]] !== s.part[v]) energy += (border[e] * s.cost.perMetre) / 2;
  }
  return energy;
}

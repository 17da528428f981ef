// Auto-partition on the graph (pure, deterministic for a seed): the grid count is shared among the
// connected pieces of the area in proportion to their households; each piece is cut by spanning-tree
// bisection (tree.bisect.ts), refined by pair recombination (pair.recombine.ts), local search
// (balance.anneal.ts) and a last attack on the worst grid (worst.refine.ts), several times from
// independent streams, and the best attempt kept. A piece without households (a park cut off by locked
// grids) joins the part of its nearest node: the only way a grid gets two pieces.
import { seededRandom } from '../demo/seeded.random.ts';
import { allocate } from '../demo/grid.partition.ts';
import { pieces, type PartitionGraph } from './partition.graph.ts';
import { runSteps } from './steps.ts';
import { bisect, defaultBisect, type BisectOptions } from './tree.bisect.ts';
import { anneal, defaultAnneal, type AnnealOptions } from './balance.anneal.ts';
import { recombine, defaultRecombine, type RecombineOptions } from './pair.recombine.ts';
import { defaultPolish, type PolishOptions } from './minmax.polish.ts';
import { refineWorst } from './worst.refine.ts';
import { costModel, defaultCost, type CostModel, type CostOptions } from './partition.cost.ts';

export interface SolveOptions {
  parts: number;
  seed: number;
  /** independent attempts per piece (tree bisection, recombination, local search); the best is kept */
  starts?: number;
  cost?: Partial<CostOptions>;
  bisect?: Partial<BisectOptions>;
  recombine?: Partial<RecombineOptions>;
  anneal?: Partial<AnnealOptions>;
  polish?: Partial<PolishOptions>;
}

export interface Solution {
  /** part of each node, 0 … parts - 1, numbered north to south, then west to east */
  part: Int32Array;
  parts: number;
}

/** How far the solver is: attempts done of all attempts. */
export interface SolveProgress {
  done: number;
  total: number;
}

export const DEFAULT_STARTS = 6;

export function solvePartition(graph: PartitionGraph, options: SolveOptions): Solution {
  return runSteps(solveSteps(graph, options));
}

/** The solver one attempt at a time, so a caller can report progress and let other work run between. */
export function* solveSteps(graph: PartitionGraph, options: SolveOptions): Generator<SolveProgress, Solution> {
  const part = new Int32Array(graph.size).fill(-1);
  if (graph.size === 0) return { part, parts: 0 };
  const starts = Math.max(1, options.starts ?? DEFAULT_STARTS);
  const r = seededRandom(options.seed, 'partition');
  const annealOptions = { ...defaultAnneal, ...options.anneal };
  // one attempt's stream is forked per piece and start, so adding starts never changes the earlier ones
  const recombineOptions = { ...defaultRecombine, ...options.recombine };
  const costOptions = { ...defaultCost, ...options.cost };
  const bisectOptions = { ...defaultBisect, ...options.bisect };
  const polishOptions = { ...defaultPolish, ...options.polish };
  const all = pieces(graph, () => true);
  const peopled = all.filter((p) => householdsOf(graph, p) > 0).sort((a, b) => householdsOf(graph, b) - householdsOf(graph, a) || a[0] - b[0]);
  const served = peopled.length > 0 ? peopled : [all.sort((a, b) => b.length - a.length || a[0] - b[0])[0]];
  // more pieces than grids: the smallest pieces join a neighbour's grid instead of having their own
  const own = served.slice(0, Math.max(1, Math.min(options.parts, served.length)));
  const capacity = own.reduce((a, p) => a + p.length, 0);
  const quota = allocate(Math.min(Math.max(1, options.parts), capacity), own.map((p) => householdsOf(graph, p)), own.map((p) => p.length));
  const total = quota.filter((k) => k > 1).length * starts;
  let done = 0;
  let firstPart = 0;
  for (const [i, nodes] of own.entries()) {
    const k = quota[i];
    if (k === 1) for (const v of nodes) part[v] = firstPart;
    else {
      const cost = costModel(graph, nodes, k, costOptions);
      let best: { key: [number, number]; part: Int32Array } | null = null;
      for (let start = 0; start < starts; start++) {
        const pr = r.fork(`piece/${i}/start/${start}`);
        bisect(graph, nodes, k, firstPart, part, cost, pr.fork('bisect'), bisectOptions);
        recombine(graph, nodes, k, firstPart, part, cost, pr.fork('recombine'), recombineOptions);
        anneal(graph, nodes, k, firstPart, part, cost, pr.fork('anneal'), annealOptions);
        refineWorst(graph, nodes, k, firstPart, part, cost.share, pr.fork('worst'), polishOptions);
        const key = attemptKey(graph, nodes, k, firstPart, part, cost);
        if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) best = { key, part: Int32Array.from(nodes, (v) => part[v]) };
        yield { done: ++done, total };
      }
      nodes.forEach((v, j) => (part[v] = best!.part[j]));
    }
    firstPart += k;
  }
  return finishPartition(graph, part, firstPart);
}

/** Nodes no part took join the nearest part; parts are numbered in reading order. */
export function finishPartition(graph: PartitionGraph, part: Int32Array, parts: number): Solution {
  attachStrays(graph, part);
  return { part: readingOrder(graph, part, parts), parts };
}

/** Attempts compare by their worst deviation (to half a percent), then by energy. */
function attemptKey(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, cost: CostModel): [number, number] {
  const households = new Float64Array(k);
  for (const v of nodes) households[part[v] - firstPart] += graph.households[v];
  let worst = 0;
  let energy = 0;
  for (const h of households) {
    worst = Math.max(worst, Math.abs(h - cost.share) / cost.share);
    energy += cost.balance(h);
  }
  const local = new Int32Array(graph.size).fill(-1);
  for (const v of nodes) local[v] = 0;
  for (let p = firstPart; p < firstPart + k; p++) energy += cost.border(graph, nodes, (v) => part[v] === p, local) / 2;
  return [Math.round(worst * 200), energy];
}

function householdsOf(graph: PartitionGraph, nodes: readonly number[]): number {
  let h = 0;
  for (const v of nodes) h += graph.households[v];
  return h;
}

/** Nodes of pieces that got no grid join the grid of the nearest placed node. */
function attachStrays(graph: PartitionGraph, part: Int32Array): void {
  const placed = [...part.keys()].filter((v) => part[v] >= 0);
  for (let v = 0; v < graph.size; v++) {
    if (part[v] >= 0 || placed.length === 0) continue;
    let best = placed[0];
    let bestD = Infinity;
    for (const u of placed) {
      const d = (graph.x[u] - graph.x[v]) ** 2 + (graph.y[u] - graph.y[v]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = u;
      }
    }
    part[v] = part[best];
  }
}

/** Renumbers parts by their centroids, north first (in rows of about one grid's height), then west first. */
function readingOrder(graph: PartitionGraph, part: Int32Array, parts: number): Int32Array {
  const sx = new Float64Array(parts);
  const sy = new Float64Array(parts);
  const sa = new Float64Array(parts);
  let area = 0;
  for (let v = 0; v < graph.size; v++) {
    const a = Math.max(graph.area[v], 1e-9);
    sx[part[v]] += graph.x[v] * a;
    sy[part[v]] += graph.y[v] * a;
    sa[part[v]] += a;
    area += a;
  }
  const row = Math.sqrt(area / Math.max(parts, 1));
  const order = [...Array(parts).keys()].sort((p, q) => {
    const rp = Math.floor(-sy[p] / sa[p] / row);
    const rq = Math.floor(-sy[q] / sa[q] / row);
    return rp - rq || sx[p] / sa[p] - sx[q] / sa[q] || p - q;
  });
  const rename = new Int32Array(parts);
  order.forEach((p, i) => (rename[p] = i));
  return part.map((p) => rename[p]);
}

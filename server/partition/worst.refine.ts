// The last phase of an attempt: the worst grid is attacked by turns with node moves and ejection chains
// (minmax.polish.ts) and with re-splits of it and its neighbours (worst.recombine.ts) until neither helps;
// each can unlock the other (a re-split opens a chain, a chain frees a compound for a re-split).
import type { Random } from '../demo/seeded.random.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { polishWorst, type PolishOptions } from './minmax.polish.ts';
import { recombineWorst, defaultWorstRecombine } from './worst.recombine.ts';

const TURNS = 12;

/**
 * Lowers the worst deviation in place. When it cannot (the worst grid is forced by its compounds), the
 * annealed parts are put back: evening out the grids below the worst would only cost compactness.
 */
export function refineWorst(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, share: number, r: Random, options: PolishOptions): void {
  const before = Int32Array.from(nodes, (v) => part[v]);
  const worstBefore = worstDeviation(graph, nodes, k, firstPart, part, share);
  const recombine = { ...defaultWorstRecombine, tolerance: options.tolerance };
  for (let turn = 0; turn < TURNS; turn++) {
    const moved = polishWorst(graph, nodes, k, firstPart, part, share, options);
    const resplit = recombineWorst(graph, nodes, k, firstPart, part, share, r.fork(`turn/${turn}`), recombine);
    if (!moved && !resplit) break;
  }
  if (worstDeviation(graph, nodes, k, firstPart, part, share) > worstBefore - GAIN) nodes.forEach((v, j) => (part[v] = before[j]));
}

/** Less than this (a fraction of the share) is not worth a less compact proposal. */
const GAIN = 0.002;

function worstDeviation(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, share: number): number {
  const households = new Float64Array(k);
  for (const v of nodes) households[part[v] - firstPart] += graph.households[v];
  return households.reduce((m, h) => Math.max(m, Math.abs(h - share) / share), 0);
}

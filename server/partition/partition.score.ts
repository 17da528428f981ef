// Figures of a proposal, from the graph alone: households and deviation from the mean share per grid, and
// Polsby–Popper compactness 4πA/P² (1 for a disc, about 0.785 for a square), where a grid's perimeter is
// the sum of its nodes' outlines less twice the borders inside it — exact, because atoms share edges.
import { pieces, type PartitionGraph } from './partition.graph.ts';
import type { Solution } from './partition.solve.ts';

export interface PartScore {
  households: number;
  /** (households - share) / share, where share = all households / grid count */
  deviation: number;
  area_m2: number;
  perimeter_m: number;
  polsby_popper: number;
  /** connected pieces (1 unless a part had to take an unreachable piece) */
  pieces: number;
}

export interface ProposalScore {
  parts: PartScore[];
  share: number;
  max_deviation: number;
  mean_polsby_popper: number;
}

export function polsbyPopper(area: number, perimeter: number): number {
  return perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0;
}

export function scoreProposal(graph: PartitionGraph, solution: Solution): ProposalScore {
  const { part, parts } = solution;
  const households = new Float64Array(parts);
  const area = new Float64Array(parts);
  const perimeter = new Float64Array(parts);
  for (let v = 0; v < graph.size; v++) {
    const p = part[v];
    households[p] += graph.households[v];
    area[p] += graph.area[v];
    perimeter[p] += graph.perimeter[v];
    for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) if (part[graph.neighbours[e]] === p) perimeter[p] -= graph.border[e];
  }
  const total = households.reduce((a, b) => a + b, 0);
  const share = parts > 0 ? total / parts : 0;
  const scores: PartScore[] = [...Array(parts).keys()].map((p) => ({
    households: households[p],
    deviation: share > 0 ? (households[p] - share) / share : 0,
    area_m2: area[p],
    perimeter_m: perimeter[p],
    polsby_popper: polsbyPopper(area[p], perimeter[p]),
    pieces: pieces(graph, (v) => part[v] === p).length,
  }));
  return {
    parts: scores,
    share,
    max_deviation: scores.reduce((m, s) => Math.max(m, Math.abs(s.deviation)), 0),
    mean_polsby_popper: parts > 0 ? scores.reduce((a, s) => a + s.polsby_popper, 0) / parts : 0,
  };
}

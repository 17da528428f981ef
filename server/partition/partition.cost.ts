// The energy both refinements lower: household balance (squared relative deviation from the share, much
// steeper beyond a tolerance) plus border length between grids (short borders = compact grids), the
// border measured in typical grid sides so the weight means the same for a dense or a sparse area.
import type { PartitionGraph } from './partition.graph.ts';

export interface CostOptions {
  /** deviation (fraction of the share) within which balance stops costing much */
  tolerance: number;
  /** weight of one typical grid side of border against a squared relative deviation */
  compactness: number;
}

export const defaultCost: CostOptions = { tolerance: 0.05, compactness: 0.02 };

/** Beyond the tolerance a deviation costs this many times more. */
const HINGE = 60;

export interface CostModel {
  share: number;
  /** cost per metre of border between two parts */
  perMetre: number;
  balance(households: number): number;
  /** border cost between the members for which `inA` holds and the other members (`local[v] >= 0` marks members) */
  border(graph: PartitionGraph, members: readonly number[], inA: (v: number) => boolean, local: Int32Array): number;
}

export function costModel(graph: PartitionGraph, nodes: readonly number[], k: number, options: CostOptions = defaultCost): CostModel {
  let total = 0;
  let area = 0;
  for (const v of nodes) {
    total += graph.households[v];
    area += graph.area[v];
  }
  const share = Math.max(total / k, 1e-9);
  const perMetre = options.compactness / Math.sqrt(Math.max(area, 1) / k);
  return {
    share,
    perMetre,
    balance(households) {
      const d = Math.abs(households - share) / share;
      const over = Math.max(0, d - options.tolerance);
      return d * d + HINGE * over * over;
    },
    border(g, members, inA, local) {
      let length = 0;
      for (const v of members) {
        if (!inA(v)) continue;
        for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
          const u = g.neighbours[e];
          if (local[u] >= 0 && !inA(u)) length += g.border[e];
        }
      }
      return length * perMetre;
    },
  };
}

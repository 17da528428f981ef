// A certified lower bound on the worst deviation any partition can reach. Every node lies in some grid,
// and a grid is connected, so a node whose households plus those of any connected set of nodes around it
// never land within ±tolerance of the share proves that the tolerance cannot be met: its grid deviates
// by at least the nearest reachable total. Connected sets containing the node are enumerated once each
// (extension-set enumeration), pruned where the total passes the upper limit — a superset only grows.
// Nodes without households (parks, strips) are contracted into adjacency between the nodes they join;
// that allows more sets than exist, so the bound stays a valid lower bound.
import type { PartitionGraph } from './partition.graph.ts';

export interface InfeasibleNode {
  node: number;
  households: number;
  /** the least deviation from the share any connected grid containing the node can have */
  best_possible_deviation: number;
  /** the reachable totals nearest the allowed range, below and above it (null when none) */
  nearest_below: number | null;
  nearest_above: number | null;
  /** households of the nodes it borders (through household-free nodes) */
  neighbours: number[];
}

/** Connected sets explored per node before giving up (then the node certifies nothing). */
const BUDGET = 200_000;

export function infeasibleNodes(graph: PartitionGraph, share: number, tolerance: number): InfeasibleNode[] {
  const lo = share * (1 - tolerance);
  const hi = share * (1 + tolerance);
  const adjacency = peopledAdjacency(graph);
  const out: InfeasibleNode[] = [];
  for (let v = 0; v < graph.size; v++) {
    if (graph.households[v] <= 0) continue;
    const reach = reachableTotals(graph, adjacency, v, lo, hi);
    if (!reach) continue;
    const candidates = [reach.below, reach.above].filter((x): x is number => x !== null);
    out.push({
      node: v,
      households: graph.households[v],
      best_possible_deviation: Math.min(...candidates.map((x) => Math.abs(x - share) / share)),
      nearest_below: reach.below,
      nearest_above: reach.above,
      neighbours: adjacency[v].map((u) => graph.households[u]).sort((a, b) => b - a),
    });
  }
  return out.sort((a, b) => b.best_possible_deviation - a.best_possible_deviation || a.node - b.node);
}

/** Neighbours of each node with households, joined through any chain of household-free nodes. */
export function peopledAdjacency(graph: PartitionGraph): number[][] {
  const { offsets, neighbours, households } = graph;
  return Array.from({ length: graph.size }, (_, v) => {
    const found = new Set<number>();
    const seen = new Set<number>([v]);
    const stack = [v];
    while (stack.length) {
      const w = stack.pop()!;
      for (let e = offsets[w]; e < offsets[w + 1]; e++) {
        const u = neighbours[e];
        if (seen.has(u)) continue;
        seen.add(u);
        if (households[u] > 0) found.add(u);
        else stack.push(u);
      }
    }
    return [...found].sort((a, b) => a - b);
  });
}

/**
 * Visits every connected set containing v (within the nodes not `blocked`) whose total is at most hi,
 * once each, and every minimal set passing hi, with its total; `visit` returns true to stop. Returns
 * false when the budget ran out before the enumeration finished or was stopped.
 */
export function connectedSets(graph: PartitionGraph, adjacency: number[][], v: number, hi: number, blocked: Uint8Array, visit: (total: number, set: readonly number[]) => boolean, budget = BUDGET): boolean {
  let explored = 0;
  const set = [v];
  const inSet = new Set<number>([v]);
  let outOfBudget = false;
  // true: stop (visit asked to, or the budget is spent)
  const extend = (total: number, extension: number[], excluded: Set<number>): boolean => {
    if (++explored > budget) return (outOfBudget = true);
    if (visit(total, set)) return true;
    const ext = [...extension];
    const closed = new Set(excluded);
    while (ext.length) {
      const w = ext.pop()!;
      closed.add(w);
      const next = total + graph.households[w];
      if (next > hi) {
        set.push(w);
        const stop = visit(next, set);
        set.pop();
        if (stop) return true;
        continue;
      }
      const grown = [...ext];
      for (const u of adjacency[w]) if (!inSet.has(u) && !closed.has(u) && !blocked[u] && !grown.includes(u)) grown.push(u);
      inSet.add(w);
      set.push(w);
      const stop = extend(next, grown, closed);
      set.pop();
      inSet.delete(w);
      if (stop) return true;
    }
    return false;
  };
  extend(graph.households[v], adjacency[v].filter((u) => !blocked[u]), new Set([v]));
  return !outOfBudget;
}

/**
 * The totals of connected sets containing v nearest [lo, hi] from below and above, or null when some set
 * lands inside (or the budget ran out: no proof).
 */
function reachableTotals(graph: PartitionGraph, adjacency: number[][], v: number, lo: number, hi: number): { below: number | null; above: number | null } | null {
  let below: number | null = null;
  let above: number | null = null;
  let inside = false;
  const finished = connectedSets(graph, adjacency, v, hi, new Uint8Array(graph.size), (total) => {
    if (total >= lo && total <= hi) return (inside = true);
    if (total < lo) below = below === null ? total : Math.max(below, total);
    else above = above === null ? total : Math.min(above, total);
    return false;
  });
  return finished && !inside ? { below, above } : null;
}

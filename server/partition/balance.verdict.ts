// Where the search's proposal leaves a grid outside the balance range, settle the question it leaves
// open: can any partition into connected grids do better? First the cheap bound (a compound no grid can
// hold in range: feasibility.bound.ts), then the exact search (interval.search.ts) for as long as it is
// given — which either finds a partition within range (taken instead, when its grid count is acceptable,
// its borders shortened within the range: range.polish.ts), proves there is none, or runs out of time (then the question stays open, and the answer says so).
import type { Queryable } from '../db/db.ts';
import type { Atom } from './atoms.sql.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { finishPartition, type Solution } from './partition.solve.ts';
import { infeasibleUnits, type BalanceRange, type InfeasibleUnit } from './feasibility.report.ts';
import { intervalSteps } from './interval.search.ts';
import { runStepsHandingBack } from './steps.ts';
import { polishInRange } from './range.polish.ts';

export interface BalanceVerdict {
  /** households every grid should hold: the reference ± 10% */
  range: [number, number];
  /** met: every grid in range; impossible: proven that no partition into connected grids is; open: neither */
  status: 'met' | 'impossible' | 'open';
  /** how it was settled: the proposal's own grids, a compound no grid can hold, or the exact search */
  by: 'proposal' | 'compound' | 'exhaustive_search' | 'search_found' | 'search_ran_out';
  /** choices the exact search tried, when it ran */
  search_states?: number;
}

export interface Settled {
  verdict: BalanceVerdict;
  infeasible: InfeasibleUnit[];
  /** a partition within range the exact search found, to take instead of the proposal */
  solution?: Solution;
}

export interface SettleInput {
  graph: PartitionGraph;
  atoms: readonly Atom[];
  range: BalanceRange;
  /** the proposal's worst grid is in range */
  met: boolean;
  /** the proposal: the exact search looks near it first */
  proposal: Int32Array;
  /** the grid count a found partition must have (a count the planner gave), or null for any */
  parts: number | null;
  /** time the exact search may take, ms (0: not at all) */
  searchMs: number;
  /** told the choices tried so far, every 20 ms */
  onProgress?: (states: number) => void;
}

export async function settleBalance(tx: Queryable, input: SettleInput): Promise<Settled> {
  const { graph, range } = input;
  const verdict = (status: BalanceVerdict['status'], by: BalanceVerdict['by'], states?: number): BalanceVerdict => ({ range: [range.lo, range.hi], status, by, ...(states === undefined ? {} : { search_states: states }) });
  if (input.met) return { verdict: verdict('met', 'proposal'), infeasible: [] };
  const infeasible = await infeasibleUnits(tx, graph, input.atoms, range);
  if (infeasible.length > 0) return { verdict: verdict('impossible', 'compound'), infeasible };
  if (input.searchMs <= 0) return { verdict: verdict('open', 'search_ran_out', 0), infeasible };
  const search = intervalSteps(graph, range.lo, range.hi, { deadline: performance.now() + input.searchMs, guide: input.proposal });
  const found = await runStepsHandingBack(search, input.onProgress);
  if (found.status === 'infeasible') return { verdict: verdict('impossible', 'exhaustive_search', found.states), infeasible };
  if (found.status === 'found' && (input.parts === null || found.parts === input.parts)) {
    const solution = finishPartition(graph, found.part, found.parts);
    polishInRange(graph, solution.part, solution.parts, range.lo, range.hi);
    return { verdict: verdict('met', 'search_found', found.states), infeasible, solution };
  }
  return { verdict: verdict('open', 'search_ran_out', found.states), infeasible };
}

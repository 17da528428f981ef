// Auto-partition end to end, short of the plan: atoms in PostGIS, the proposal on the graph, grids as
// unions of atoms. One transaction holds the atoms' temporary tables; the solver hands control back
// between attempts, so progress can be reported and the server keeps answering meanwhile.
import type { Geometry } from 'geojson';
import type { Db } from '../db/db.ts';
import { unprocessable } from '../plugins/errors.plugin.ts';
import { buildAtoms, unionAtoms, type GridSize, type OversizedUnit } from './atoms.sql.ts';
import { buildGraph } from './partition.graph.ts';
import { solveSteps, type Solution, type SolveOptions } from './partition.solve.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { scoreProposal, type ProposalScore } from './partition.score.ts';
import { countsToTry } from './grid.count.ts';
import { BALANCE_TOLERANCE, balanceRange, type InfeasibleUnit } from './feasibility.report.ts';
import { settleBalance, type BalanceVerdict } from './balance.verdict.ts';
import { runStepsHandingBack } from './steps.ts';

export const DEFAULT_TARGET_HOUSEHOLDS = 300;
/** How long the exact search may run where the proposal misses the range, by default (ms). */
export const DEFAULT_SEARCH_MS = 10_000;

export interface PartitionRequest {
  /** the area to divide: the parent grid */
  area: Geometry;
  /** locked children of the parent, kept as they are */
  locked: Geometry[];
  size: GridSize;
  seed: number;
  /** time the exact search may take where the proposal misses the balance range, ms */
  searchMs?: number;
  /** tuning, for benchmarks and tests */
  solver?: Partial<Omit<SolveOptions, 'parts' | 'seed'>>;
}

export type PartitionPhase = 'atoms' | 'solve' | 'search' | 'union' | 'write';

export interface PartitionProgress {
  phase: PartitionPhase;
  done: number;
  total: number;
}

export interface PartitionProposal {
  /** the proposed grids, north to south, then west to east */
  geometries: Geometry[];
  score: ProposalScore;
  oversized: OversizedUnit[];
  /** whether every grid is within 10% of the target, or provably cannot be, or neither is known */
  balance: BalanceVerdict;
  /** compounds or blocks no connected grid can hold within 10% (empty when none is known) */
  infeasible: InfeasibleUnit[];
  atoms: number;
  /** graph nodes: compounds kept whole and the remaining atoms */
  nodes: number;
  ms: { atoms: number; solve: number; union: number };
}

/** Grid count for the households: the given count, or the households over the target, at least one. */
export function gridCount(size: GridSize, households: number): number {
  if ('gridCount' in size) return size.gridCount;
  return Math.max(1, Math.round(households / size.targetHouseholds));
}

/** Runs the solver, handing control back between attempts; progress counts run `run` of `runs`. */
function solveReporting(graph: PartitionGraph, options: SolveOptions, run: number, runs: number, onProgress: (p: PartitionProgress) => void): Promise<Solution> {
  return runStepsHandingBack(solveSteps(graph, options), (p) => onProgress({ phase: 'solve', done: run * p.total + p.done, total: runs * p.total }));
}

export async function proposePartition(db: Db, request: PartitionRequest, onProgress: (p: PartitionProgress) => void = () => {}): Promise<PartitionProposal> {
  return db.transaction(async (tx) => {
    if (db.backend === 'postgis') await tx.exec('set local jit = off');
    let t = performance.now();
    onProgress({ phase: 'atoms', done: 0, total: 1 });
    const set = await buildAtoms(tx, { parent: request.area, locked: request.locked, size: request.size });
    const atomsMs = performance.now() - t;
    const graph = buildGraph(set.atoms, set.edges);
    const households = set.atoms.reduce((a, atom) => a + atom.households, 0);
    if (set.atoms.length === 0) throw unprocessable('nothing to divide: the locked grids cover the whole parent');
    const parts = gridCount(request.size, households);
    if (parts > graph.size) throw unprocessable(`${parts} grids asked for, but the area has only ${graph.size} compounds and blocks to make them from`);

    t = performance.now();
    // with a target (not a fixed count), one grid fewer, then one more, when the balance misses 10%
    const counts = countsToTry(request.size, parts, graph.size);
    let best: { solution: Solution; score: ProposalScore } | null = null;
    // Balance is judged against what the planner asked for: the target households when one was given (a
    // count whose share is itself off the target cannot help), else the share of the given grid count.
    const reference = 'targetHouseholds' in request.size ? request.size.targetHouseholds : null;
    const judged = (score: ProposalScore) => (reference === null ? score.max_deviation : targetDeviation(score, reference));
    for (const k of counts) {
      if (best && judged(best.score) <= BALANCE_TOLERANCE) break;
      const solution = await solveReporting(graph, { ...request.solver, parts: k, seed: request.seed }, counts.indexOf(k), counts.length, onProgress);
      const score = scoreProposal(graph, solution);
      if (!best || judged(score) < judged(best.score)) best = { solution, score };
    }
    const range = balanceRange(reference ?? best!.score.share);
    onProgress({ phase: 'search', done: 0, total: 1 });
    const settled = await settleBalance(tx, {
      graph,
      atoms: set.atoms,
      range,
      met: judged(best!.score) <= BALANCE_TOLERANCE,
      proposal: best!.solution.part,
      parts: reference === null ? best!.solution.parts : null,
      searchMs: request.searchMs ?? DEFAULT_SEARCH_MS,
      onProgress: (states) => onProgress({ phase: 'search', done: states, total: 0 }),
    });
    const solution = settled.solution ?? best!.solution;
    const score = settled.solution ? scoreProposal(graph, settled.solution) : best!.score;
    const solveMs = performance.now() - t;

    t = performance.now();
    onProgress({ phase: 'union', done: 0, total: 1 });
    const gridOfAtom = new Int32Array(set.atoms.length);
    graph.atoms.forEach((atoms, node) => atoms.forEach((a) => (gridOfAtom[a] = solution.part[node])));
    const geometries = await unionAtoms(tx, gridOfAtom);
    return {
      geometries,
      score,
      oversized: set.oversized,
      balance: settled.verdict,
      infeasible: settled.infeasible,
      atoms: set.atoms.length,
      nodes: graph.size,
      ms: { atoms: atomsMs, solve: solveMs, union: performance.now() - t },
    };
  });
}

/** the largest |households − target| / target over the grids */
export function targetDeviation(score: ProposalScore, target: number): number {
  return score.parts.reduce((m, p) => Math.max(m, Math.abs(p.households - target) / target), 0);
}

// Final local search on the worst grid. Annealing lowers a sum of squared deviations, which can leave one
// grid at 11% while the rest sit near 0; this phase lowers the *sorted vector* of deviations beyond the
// tolerance, lexicographically (the worst first, then the next worst…). Candidates are one or two node
// moves that start at the worst grid or at a neighbour's node entering it: a single move, a swap, or a
// chain worst → q → r that passes households through a full neighbour. Contiguity is kept by the
// articulation check on every step; a part is never emptied. Leximin order is separable — comparing the
// whole vectors equals comparing the changed parts' values — and strictly decreasing, so it terminates.
// Ties in the vector go to the shorter border (more compact grids). Deterministic: no random choices.
import type { PartitionGraph } from './partition.graph.ts';
import { cutsPart, scratchFor, type Scratch } from './part.connectivity.ts';

export interface PolishOptions {
  /** deviation (fraction of the share) below which a grid is left alone: a margin under the 10% goal, so
   *  grids already well inside it are not reshaped at the cost of compactness */
  tolerance: number;
  /** accepted improvements at most */
  rounds: number;
  /** moves in one ejection chain at most */
  depth: number;
}

export const defaultPolish: PolishOptions = { tolerance: 0.08, rounds: 400, depth: 4 };

type Step = [node: number, to: number];

interface Candidate {
  steps: Step[];
  vector: Float64Array;
  border: number;
}

interface State {
  graph: PartitionGraph;
  part: Int32Array;
  firstPart: number;
  households: Float64Array;
  count: Int32Array;
  share: number;
  tolerance: number;
  scratch: Scratch;
}

const EPS = 1e-12;

/** Improves parts `firstPart … firstPart + k - 1` over `nodes` in place; true when anything changed. */
export function polishWorst(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, share: number, options: PolishOptions = defaultPolish): boolean {
  if (k < 2) return false;
  const s = initialState(graph, nodes, k, firstPart, part, share, options.tolerance);
  let changed = false;
  for (let round = 0; round < options.rounds; round++) {
    const current = sortedExcess(s, s.households);
    if (current[0] <= EPS) break;
    const [best] = improvingMoves(s, nodes, worstPart(s), current, options.depth);
    if (!best) break;
    for (const [v, q] of best.steps) shift(s, v, q);
    changed = true;
  }
  return changed;
}

function initialState(graph: PartitionGraph, nodes: readonly number[], k: number, firstPart: number, part: Int32Array, share: number, tolerance: number): State {
  const households = new Float64Array(k);
  const count = new Int32Array(k);
  for (const v of nodes) {
    households[part[v] - firstPart] += graph.households[v];
    count[part[v] - firstPart]++;
  }
  return { graph, part, firstPart, households, count, share, tolerance, scratch: scratchFor(graph) };
}

function excess(s: State, h: number): number {
  return Math.max(0, Math.abs(h - s.share) / s.share - s.tolerance);
}

function sortedExcess(s: State, households: Float64Array): Float64Array {
  return Float64Array.from(households, (h) => excess(s, h)).sort().reverse();
}

function worstPart(s: State): number {
  let w = 0;
  for (let i = 1; i < s.households.length; i++) if (excess(s, s.households[i]) > excess(s, s.households[w]) + EPS) w = i;
  return w + s.firstPart;
}

function lexCompare(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > EPS) return a[i] - b[i];
  return 0;
}

/** The parts v could move into: those of its neighbours. */
function movesOf(s: State, v: number): number[] {
  const { offsets, neighbours } = s.graph;
  const out: number[] = [];
  for (let e = offsets[v]; e < offsets[v + 1]; e++) {
    const q = s.part[neighbours[e]];
    if (q !== s.part[v] && q >= s.firstPart && !out.includes(q)) out.push(q);
  }
  return out;
}

function borderChange(s: State, v: number, q: number): number {
  const { offsets, neighbours, border } = s.graph;
  const p = s.part[v];
  let change = 0;
  for (let e = offsets[v]; e < offsets[v + 1]; e++) {
    const owner = s.part[neighbours[e]];
    if (owner === p) change += border[e];
    else if (owner === q) change -= border[e];
  }
  return change;
}

function shift(s: State, v: number, q: number): void {
  const h = s.graph.households[v];
  s.households[s.part[v] - s.firstPart] -= h;
  s.count[s.part[v] - s.firstPart]--;
  s.households[q - s.firstPart] += h;
  s.count[q - s.firstPart]++;
  s.part[v] = q;
}

/** Moves out of `open` (into a neighbouring part) or, when `into`, into `open` from a neighbour. */
function stepsAt(s: State, nodes: readonly number[], open: number, into: boolean, moved: Set<number>): Step[] {
  const steps: Step[] = [];
  for (const v of nodes) {
    if (moved.has(v) || s.graph.households[v] <= 0) continue;
    if (!into && s.part[v] === open) for (const q of movesOf(s, v)) steps.push([v, q]);
    if (into && s.part[v] !== open && movesOf(s, v).includes(open)) steps.push([v, open]);
  }
  return steps;
}

/**
 * Ejection chains from the worst part, best first (vector, then border): households leave it (or enter
 * it) through one move, and while one of the two parts the move changed is now as bad as the worst was,
 * that part passes the shock on with a further move (a chain, or a swap when the worst part overshot), up to `depth` moves. Every step is checked for contiguity as it is tried, so the
 * candidates can be applied as they are.
 */
function improvingMoves(s: State, nodes: readonly number[], w: number, current: Float64Array, depth: number): Candidate[] {
  const out: Candidate[] = [];
  const chain: Step[] = [];
  const moved = new Set<number>();
  const hurt = (p: number) => excess(s, s.households[p - s.firstPart]) >= current[0] - EPS;
  const grow = (open: number, border: number) => {
    const into = s.households[open - s.firstPart] < s.share;
    for (const [v, q] of stepsAt(s, nodes, open, into, moved)) {
      const from = s.part[v];
      if (s.count[from - s.firstPart] <= 1 || cutsPart(s.graph, s.part, v, s.scratch)) continue;
      const b = border + borderChange(s, v, q);
      shift(s, v, q);
      chain.push([v, q]);
      moved.add(v);
      const vector = sortedExcess(s, s.households);
      if (lexCompare(vector, current) < 0) out.push({ steps: chain.map(([u, r]) => [u, r] as Step), vector, border: b });
      else if (chain.length < depth && hurt(from) !== hurt(q)) grow(hurt(from) ? from : q, b);
      moved.delete(v);
      chain.pop();
      shift(s, v, from);
    }
  };
  grow(w, 0);
  return out.sort((a, b) => lexCompare(a.vector, b.vector) || a.border - b.border);
}


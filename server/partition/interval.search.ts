// Exact search for a partition whose every grid holds between lo and hi households (the target ± 10%),
// with any number of grids: the question "can this community be balanced at all?" answered either way.
// Depth first: a node with households must lie in some grid, so every connected set of unplaced nodes
// containing it with a total in [lo, hi] is tried in turn — for a node with no more than two such sets
// left (forced), else for the first unplaced node in spatial order. A choice is dropped at once when it
// leaves a piece of unplaced nodes whose households no number of grids can hold (no k with
// k·lo ≤ H ≤ k·hi), and remainders already proven impossible are remembered.
// Household-free nodes (parks, road-side strips) enter a set only where they join it (a free node the set
// stays connected without adds nothing: left out, it can still join any neighbouring grid at the end),
// and the ones no grid took join a neighbouring grid at the end.
// Exhausting the search proves that no partition meets [lo, hi]; a deadline or budget ends it undecided.
import { pieces, type PartitionGraph } from './partition.graph.ts';
import { runSteps } from './steps.ts';

export type IntervalResult =
  | { status: 'found'; part: Int32Array; parts: number; states: number }
  | { status: 'infeasible'; states: number }
  | { status: 'unknown'; states: number };

export interface IntervalOptions {
  /** choices tried before giving up with 'unknown' (default: no limit but the deadline) */
  budget?: number;
  /** performance.now() after which the search gives up with 'unknown' */
  deadline?: number;
  /** sets listed per node up front for the choice of branching node (more: enumerated when reached) */
  listBudget?: number;
  /** connected sets enumerated per branching node before giving up on it */
  setBudget?: number;
  /**
   * a partition to search near (the proposal): a node's sets are tried closest to its grid there first,
   * so a proposal a few grids away from a balanced one leads the search to it
   */
  guide?: Int32Array;
}

/** Can H households be shared by some number of grids of lo…hi households each? */
export const divisible = (h: number, lo: number, hi: number) => h === 0 || Math.ceil(h / hi) <= Math.floor(h / lo);

/** How often the search hands control back, ms. */
const YIELD_MS = 20;

/** Open sets up to which a node is branched on before the next in spatial order. */
const FORCED = 2;

export function intervalPartition(graph: PartitionGraph, lo: number, hi: number, options: IntervalOptions = {}): IntervalResult {
  return runSteps(intervalSteps(graph, lo, hi, options));
}

/** The search, handing control back every 20 ms (the value: choices so far). */
export function* intervalSteps(graph: PartitionGraph, lo: number, hi: number, options: IntervalOptions = {}): Generator<number, IntervalResult> {
  const budget = options.budget ?? Infinity;
  const deadline = options.deadline ?? Infinity;
  const n = graph.size;
  const { households } = graph;
  // -1: to be placed; ≥ 0: the grid
  const part = new Int32Array(n).fill(-1);
  const mustPlace = (v: number) => part[v] === -1 && households[v] > 0;
  const failed = new Set<string>();
  const scratch = { seen: new Uint8Array(n), queue: new Int32Array(n) };
  let states = 0;
  let lastYield = performance.now();
  let exhausted = false;
  let parts = 0;

  // Branching on a node with (nearly) no choice left finds dead ends early; sets are listed once per node
  // at the start, where few enough, and their counts kept up to date as nodes are placed.
  const index = new SetIndex(n, listSets(graph, lo, hi, part, mustPlace, options.listBudget ?? 2_000, deadline));
  const mid = (lo + hi) / 2;
  const distance = (set: readonly number[]) => Math.abs(set.reduce((a, u) => a + households[u], 0) - mid);
  const guide = options.guide;
  const guideSize = new Map<number, number>();
  if (guide) for (let v = 0; v < n; v++) if (households[v] > 0) guideSize.set(guide[v], (guideSize.get(guide[v]) ?? 0) + households[v]);
  /** households by which the set differs from the guide's grid of its first node */
  const away = (set: readonly number[]) => {
    if (!guide) return 0;
    const g = guide[set[0]];
    let shared = 0;
    let total = 0;
    for (const u of set) {
      total += households[u];
      if (guide[u] === g) shared += households[u];
    }
    return total - shared + (guideSize.get(g)! - shared);
  };

  /** the possible sets of the node to branch on, or null when every node with households is placed */
  const branch = (): number[][] | null => {
    const first = part.findIndex((_, v) => mustPlace(v));
    if (first < 0) return null;
    // a forced or nearly forced node first; otherwise in spatial order, so that what remains is a sweep's
    // tail and the same remainders come back (and are remembered as failed)
    const tight = index.tightest(mustPlace);
    if (tight >= 0 && index.open[tight] <= FORCED) return index.openSets(tight);
    if (index.listed(first)) return index.openSets(first);
    const blocked = Uint8Array.from(part, (p) => (p === -1 ? 0 : 1));
    const found = gridsContaining(graph, first, lo, hi, blocked, options.setBudget ?? 100_000, deadline);
    if (!found.complete) exhausted = true;
    return found.sets;
  };

  const place = (set: readonly number[], p: number) => {
    for (const u of set) part[u] = p;
    index.place(set, p >= 0 ? 1 : -1);
  };

  const search = function* (): Generator<number, boolean> {
    const k = remainderKey(part);
    if (failed.has(k)) return false;
    const candidates = branch();
    if (candidates === null) return true;
    // the sets nearest the guide's grids first, then nearest the middle of the range: they leave the most
    // room to the rest
    candidates.sort((p, q) => away(p) - away(q) || distance(p) - distance(q) || p.length - q.length);
    for (const set of candidates) {
      if (++states > budget || performance.now() > deadline) {
        exhausted = true;
        return false;
      }
      // hand control back every 20 ms, so that other requests are answered meanwhile
      if (performance.now() - lastYield > YIELD_MS) {
        lastYield = performance.now();
        yield states;
      }
      place(set, parts++);
      if (remainderDivisible(graph, part, lo, hi, scratch) && (yield* search())) return true;
      parts--;
      place(set, -1);
    }
    if (!exhausted) failed.add(k);
    return false;
  };

  if (yield* search()) {
    attachFreeNodes(graph, part);
    return { status: 'found', part, parts, states };
  }
  return { status: exhausted ? 'unknown' : 'infeasible', states };
}

/** The unplaced nodes as a string key: the memory of remainders that cannot be divided. */
function remainderKey(part: Int32Array): string {
  const words = new Uint16Array(Math.ceil(part.length / 16));
  for (let v = 0; v < part.length; v++) if (part[v] === -1) words[v >> 4] |= 1 << (v & 15);
  return String.fromCharCode(...words);
}

/**
 * Every piece of unplaced nodes holds a number of households some number of grids can share. (pieces()
 * without its arrays: this runs at every choice of the search.)
 */
function remainderDivisible(graph: PartitionGraph, part: Int32Array, lo: number, hi: number, s: { seen: Uint8Array; queue: Int32Array }): boolean {
  s.seen.fill(0);
  for (let start = 0; start < graph.size; start++) {
    if (part[start] !== -1 || s.seen[start]) continue;
    let h = 0;
    let tail = 0;
    s.queue[tail++] = start;
    s.seen[start] = 1;
    for (let head = 0; head < tail; head++) {
      const v = s.queue[head];
      h += graph.households[v];
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const u = graph.neighbours[e];
        if (part[u] === -1 && !s.seen[u]) {
          s.seen[u] = 1;
          s.queue[tail++] = u;
        }
      }
    }
    if (!divisible(h, lo, hi)) return false;
  }
  return true;
}

/**
 * The listed sets of each node and how many of them are still open (none of their nodes placed), kept up
 * to date incrementally as sets are placed and taken back.
 */
class SetIndex {
  /** open sets per listed node (-1: not listed) */
  readonly open: Int32Array;
  private readonly blockedBy: Int32Array;
  private readonly rows: { owner: number; set: number[] }[] = [];
  private readonly rowsOf: number[][];
  private readonly byOwner: number[][];

  constructor(n: number, listed: (number[][] | null)[]) {
    this.open = new Int32Array(n).fill(-1);
    this.rowsOf = Array.from({ length: n }, () => []);
    this.byOwner = Array.from({ length: n }, () => []);
    listed.forEach((sets, owner) => {
      if (!sets) return;
      this.open[owner] = sets.length;
      for (const set of sets) {
        const r = this.rows.length;
        this.rows.push({ owner, set });
        this.byOwner[owner].push(r);
        for (const u of set) this.rowsOf[u].push(r);
      }
    });
    this.blockedBy = new Int32Array(this.rows.length);
  }

  listed(v: number): boolean {
    return this.open[v] >= 0;
  }

  /** the listed node to be placed with the fewest open sets, or -1 */
  tightest(toPlace: (v: number) => boolean): number {
    let best = -1;
    for (let v = 0; v < this.open.length; v++) if (this.open[v] >= 0 && toPlace(v) && (best < 0 || this.open[v] < this.open[best])) best = v;
    return best;
  }

  openSets(v: number): number[][] {
    return this.byOwner[v].filter((r) => this.blockedBy[r] === 0).map((r) => [...this.rows[r].set]);
  }

  /** sign 1: the set's nodes were placed; -1: taken back */
  place(set: readonly number[], sign: 1 | -1): void {
    for (const u of set) {
      for (const r of this.rowsOf[u]) {
        const before = this.blockedBy[r];
        this.blockedBy[r] += sign;
        if (before === 0 || this.blockedBy[r] === 0) this.open[this.rows[r].owner] -= sign;
      }
    }
  }
}

/** Every household-free node of the set is needed to hold it together. */
function freeNodesJoin(graph: PartitionGraph, set: readonly number[]): boolean {
  if (set.every((u) => graph.households[u] > 0)) return true;
  const members = new Set(set);
  for (const f of set) {
    if (graph.households[f] > 0) continue;
    members.delete(f);
    // still one piece without it: the free node adds nothing
    const needed = pieces(graph, (u) => members.has(u)).length > 1;
    members.add(f);
    if (!needed) return false;
  }
  return true;
}

/**
 * Household-free nodes no grid took join the neighbouring grid they share the longest border with (one
 * in a piece without households stays at -1, for the caller to place).
 */
function attachFreeNodes(graph: PartitionGraph, part: Int32Array): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (let v = 0; v < graph.size; v++) {
      if (part[v] !== -1) continue;
      let best = -1;
      let length = -1;
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const p = part[graph.neighbours[e]];
        if (p >= 0 && graph.border[e] > length) {
          best = p;
          length = graph.border[e];
        }
      }
      if (best >= 0) {
        part[v] = best;
        changed = true;
      }
    }
  }
}

/**
 * The connected sets of unblocked nodes containing v with lo…hi households, household-free nodes only
 * where they join the set: a set grows by one node with households at a time, reached directly or along a
 * path of household-free nodes (every minimal connector is such a path or a branch off one). Each set is
 * expanded once. `complete` is false when the budget of sets ran out.
 */
function gridsContaining(graph: PartitionGraph, v: number, lo: number, hi: number, blocked: Uint8Array, budget: number, deadline = Infinity): { sets: number[][]; complete: boolean } {
  const { households, offsets, neighbours } = graph;
  const inSet = new Uint8Array(graph.size);
  const onPath = new Uint8Array(graph.size);
  // the set as a bit mask in 16-bit words, read as a string: an exact key for the sets already expanded
  const mask = new Uint16Array(Math.ceil(graph.size / 16));
  const flip = (u: number) => (mask[u >> 4] ^= 1 << (u & 15));
  const seen = new Set<string>();
  const sets: number[][] = [];
  let complete = true;
  const set: number[] = [];
  const grow = (total: number) => {
    const key = String.fromCharCode(...mask);
    if (seen.has(key)) return;
    if (seen.size >= budget || ((seen.size & 1023) === 0 && performance.now() > deadline)) {
      complete = false;
      return;
    }
    seen.add(key);
    if (total >= lo && freeNodesJoin(graph, set)) sets.push([...set]);
    const path: number[] = [];
    const add = (u: number) => {
      for (const w of path) (inSet[w] = 1), flip(w);
      inSet[u] = 1;
      flip(u);
      set.push(...path, u);
      grow(total + households[u]);
      set.length -= path.length + 1;
      for (const w of path) (inSet[w] = 0), flip(w);
      inSet[u] = 0;
      flip(u);
    };
    // from x: a node with households ends the step, a free one extends the path
    const step = (x: number) => {
      for (let e = offsets[x]; e < offsets[x + 1]; e++) {
        const u = neighbours[e];
        if (inSet[u] || onPath[u] || blocked[u]) continue;
        if (households[u] > 0) {
          if (total + households[u] <= hi) add(u);
        } else {
          onPath[u] = 1;
          path.push(u);
          step(u);
          path.pop();
          onPath[u] = 0;
        }
      }
    };
    for (const s of [...set]) step(s);
  };
  inSet[v] = 1;
  flip(v);
  set.push(v);
  grow(households[v]);
  return { sets, complete };
}

/** For each node with households to place, its possible sets, or null where there are more than `budget` to look at. */
function listSets(graph: PartitionGraph, lo: number, hi: number, part: Int32Array, mustPlace: (v: number) => boolean, budget: number, deadline: number): (number[][] | null)[] {
  const blocked = Uint8Array.from(part, (p) => (p === -1 ? 0 : 1));
  return Array.from({ length: graph.size }, (_, v) => {
    if (!mustPlace(v)) return null;
    const found = gridsContaining(graph, v, lo, hi, blocked, budget, deadline);
    return found.complete ? found.sets : null;
  });
}

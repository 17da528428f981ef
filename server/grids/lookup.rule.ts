// Which grids a point is in. A point inside a grid's interior is in that grid. A point exactly on a
// shared boundary touches several grids at one level; the rule that makes the answer deterministic:
// the deepest level wins, interior beats boundary, and among boundary ties the lowest code wins.
// The chain above the chosen grid follows parent links, so it is always one consistent line of
// ancestors, even where a child's edge does not lie exactly on its parent's.

export interface GridRef {
  id: number;
  code: string;
  name: string;
  level: number;
  parent_id: number | null;
}

export interface Candidate extends GridRef {
  /** the point is in the grid's interior, not only on its boundary */
  interior: boolean;
}

export function pickDeepest<T extends Candidate>(candidates: T[]): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (!best || c.level > best.level || (c.level === best.level && (Number(c.interior) > Number(best.interior) || (c.interior === best.interior && c.code < best.code)))) {
      best = c;
    }
  }
  return best;
}

/** level 1 … deepest, by parent links from the chosen grid; `byId` must hold the ancestors. */
export function chainOf<T extends GridRef>(deepest: T | undefined, byId: Map<number, T>): T[] {
  const chain: T[] = [];
  const seen = new Set<number>();
  for (let g = deepest; g && !seen.has(g.id); g = g.parent_id == null ? undefined : byId.get(g.parent_id)) {
    seen.add(g.id);
    chain.unshift(g);
  }
  return chain;
}

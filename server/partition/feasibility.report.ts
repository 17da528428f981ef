// The planner-facing side of the feasibility bound: which compounds (or blocks) make the ±10% balance
// impossible at the grid counts tried, how close any grid holding them can get, and why, in words.
import type { Queryable } from '../db/db.ts';
import type { Atom } from './atoms.sql.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { infeasibleNodes } from './feasibility.bound.ts';

/** The balance the issue asks for: grids within 10% of the share. */
export const BALANCE_TOLERANCE = 0.1;

export interface InfeasibleUnit {
  compound_id: number | null;
  name: string | null;
  households: number;
  /** least deviation from the share any connected grid holding it can have, at the chosen grid count */
  best_possible_deviation: number;
  /** the same bound at every grid count tried (grid count → deviation; absent when that count allows 10%) */
  by_grid_count: Record<number, number>;
  why: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Certified obstacles at `chosen` grids, with their bounds at the other counts tried. */
export async function infeasibleUnits(tx: Queryable, graph: PartitionGraph, atoms: readonly Atom[], households: number, counts: readonly number[], chosen: number): Promise<InfeasibleUnit[]> {
  const bounds = new Map(counts.map((k) => [k, infeasibleNodes(graph, households / k, BALANCE_TOLERANCE)]));
  const here = bounds.get(chosen) ?? [];
  if (here.length === 0) return [];
  const atomById = new Map(atoms.map((a) => [a.id, a]));
  const compoundOf = (node: number) => atomById.get(graph.atoms[node][0])?.compound_id ?? null;
  const ids = [...new Set(here.map((b) => compoundOf(b.node)).filter((id): id is number => id !== null))];
  const names = new Map((await tx.query<{ id: number; name: string }>('select id, name from compound where id = any($1::bigint[])', [ids])).rows.map((r) => [Number(r.id), r.name]));
  const share = households / chosen;
  return here.map((b) => {
    const byCount: Record<number, number> = {};
    for (const [k, list] of bounds) {
      const same = list.find((x) => x.node === b.node);
      if (same) byCount[k] = round4(same.best_possible_deviation);
    }
    const reach = [b.nearest_below !== null ? `at most ${b.nearest_below}` : null, b.nearest_above !== null ? `at least ${b.nearest_above}` : null].filter(Boolean).join(' or ');
    const others = Object.entries(byCount).filter(([k]) => Number(k) !== chosen).map(([k, d]) => `${k} grids: ${pct(d)}`);
    const why = `${b.households} households bordering only ${b.neighbours.join(', ')} (through household-free blocks): any connected grid holding it has ${reach} households, ` +
      `outside ${Math.ceil(share * (1 - BALANCE_TOLERANCE))}–${Math.floor(share * (1 + BALANCE_TOLERANCE))} (share ${share.toFixed(1)} at ${chosen} grids)` +
      (others.length ? `; at ${others.join(', ')}` : '');
    const id = compoundOf(b.node);
    return { compound_id: id, name: id === null ? null : names.get(id) ?? null, households: b.households, best_possible_deviation: round4(b.best_possible_deviation), by_grid_count: byCount, why };
  });
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

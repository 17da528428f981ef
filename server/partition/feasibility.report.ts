// The planner-facing side of the feasibility bound: which compounds (or blocks) no connected grid can hold
// within the balance range, how close any grid holding them can get, and why, in words.
import type { Queryable } from '../db/db.ts';
import type { Atom } from './atoms.sql.ts';
import type { PartitionGraph } from './partition.graph.ts';
import { infeasibleNodes } from './feasibility.bound.ts';

/** The balance the issue asks for: every grid within 10% of the target (or of the share of a given count). */
export const BALANCE_TOLERANCE = 0.1;

/** Households a grid may hold: the reference (target or share) ± 10%, in whole households. */
export interface BalanceRange {
  reference: number;
  lo: number;
  hi: number;
}

export function balanceRange(reference: number): BalanceRange {
  return { reference, lo: Math.ceil(reference * (1 - BALANCE_TOLERANCE) - 1e-9), hi: Math.floor(reference * (1 + BALANCE_TOLERANCE) + 1e-9) };
}

export interface InfeasibleUnit {
  compound_id: number | null;
  name: string | null;
  households: number;
  /** least deviation from the reference any connected grid holding it can have */
  best_possible_deviation: number;
  why: string;
}

/** Compounds and blocks no connected grid can hold within the range, worst first. */
export async function infeasibleUnits(tx: Queryable, graph: PartitionGraph, atoms: readonly Atom[], range: BalanceRange): Promise<InfeasibleUnit[]> {
  const bounds = infeasibleNodes(graph, range.reference, BALANCE_TOLERANCE);
  if (bounds.length === 0) return [];
  const atomById = new Map(atoms.map((a) => [a.id, a]));
  const compoundOf = (node: number) => atomById.get(graph.atoms[node][0])?.compound_id ?? null;
  const ids = [...new Set(bounds.map((b) => compoundOf(b.node)).filter((id): id is number => id !== null))];
  const names = new Map((await tx.query<{ id: number; name: string }>('select id, name from compound where id = any($1::bigint[])', [ids])).rows.map((r) => [Number(r.id), r.name]));
  return bounds.map((b) => {
    const reach = [b.nearest_below !== null ? `at most ${b.nearest_below}` : null, b.nearest_above !== null ? `at least ${b.nearest_above}` : null].filter(Boolean).join(' or ');
    const why = `${b.households} households bordering only ${b.neighbours.join(', ')} (through household-free blocks): any connected grid holding it has ${reach} households, outside ${range.lo}–${range.hi}`;
    const id = compoundOf(b.node);
    return { compound_id: id, name: id === null ? null : names.get(id) ?? null, households: b.households, best_possible_deviation: round4(b.best_possible_deviation), why };
  });
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

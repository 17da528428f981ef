// Household balance (户数均衡): each grid's households against the target (about 300 per grid, one grid
// worker each), the relative deviation, and the worst grid — what the planner evens out.
import type { GridId } from './coverage.types.ts';

export interface BalanceInput {
  id: GridId;
  households: number;
}

export interface GridBalance {
  id: GridId;
  households: number;
  /** (households − target) / target: −0.2 is 20 % under the target */
  deviation: number;
}

export interface Balance {
  target: number;
  grids: GridBalance[];
  /** the grid furthest from the target (either way), null without grids */
  worst: GridBalance | null;
  /** mean absolute deviation */
  meanDeviation: number;
}

export const defaultTargetHouseholds = 300;

export function gridBalance(grids: readonly BalanceInput[], target = defaultTargetHouseholds): Balance {
  const safeTarget = target > 0 ? target : defaultTargetHouseholds;
  const rows = grids.map((g) => ({ id: g.id, households: g.households, deviation: (g.households - safeTarget) / safeTarget }));
  let worst: GridBalance | null = null;
  for (const row of rows) if (!worst || Math.abs(row.deviation) > Math.abs(worst.deviation)) worst = row;
  const meanDeviation = rows.length ? rows.reduce((sum, r) => sum + Math.abs(r.deviation), 0) / rows.length : 0;
  return { target: safeTarget, grids: rows, worst, meanDeviation };
}

/** Bands the map colours by: within tolerance is fine; beyond it too few or too many households. */
export type DeviationBand = 'far-under' | 'under' | 'fine' | 'over' | 'far-over';

export function deviationBand(deviation: number, tolerance = 0.2): DeviationBand {
  if (deviation < -2 * tolerance) return 'far-under';
  if (deviation < -tolerance) return 'under';
  if (deviation > 2 * tolerance) return 'far-over';
  if (deviation > tolerance) return 'over';
  return 'fine';
}

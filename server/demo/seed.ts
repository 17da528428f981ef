// Placeholder until the demo generator lands (see server/demo/): the interface the rest of the code uses.
import type { Db } from '../db/db.ts';

export interface SeedSummary {
  preset: string;
  grids: number[];
  buildings: number;
  households: number;
  population: number;
  ms: number;
}

export async function seedPreset(_db: Db, preset: string): Promise<SeedSummary> {
  throw new Error(`demo preset "${preset}" is not implemented yet`);
}

export async function seedIfEmpty(db: Db, preset: string): Promise<SeedSummary | null> {
  if (preset === 'none') return null;
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from grid');
  return rows[0].n === 0 ? seedPreset(db, preset) : null;
}

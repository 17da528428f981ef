// Which grid counts to try. A target of about 300 households is not an exact count: round(H / 300)
// first, then one fewer and one more — a share a few percent off the target can be the only way around
// large compounds. A count the planner gave is taken as it is.
import type { GridSize } from './atoms.sql.ts';

export function countsToTry(size: GridSize, parts: number, nodes: number): number[] {
  if ('gridCount' in size) return [parts];
  return [parts, parts - 1, parts + 1].filter((k) => k >= 1 && k <= nodes);
}

// A lookup's grid chain as the kiosk card and the map show it: the community (社区, level 1), the grid
// (网格, level 2 — the one with the worker a resident is looking for) and the building group (楼组, the
// deepest level) when the point lies in one.
import type { GridRef, LookupAnswer } from './kiosk.api.ts';

export interface GridChain {
  community: GridRef | null;
  grid: GridRef | null;
  buildingGroup: GridRef | null;
}

export const emptyChain: GridChain = { community: null, grid: null, buildingGroup: null };

export function gridChain(answer: Pick<LookupAnswer, 'grids'>): GridChain {
  const atLevel = (level: number) => answer.grids.find((g) => g.level === level) ?? null;
  const deepest = answer.grids.reduce<GridRef | null>((d, g) => (d === null || g.level > d.level ? g : d), null);
  return {
    community: atLevel(1),
    // a district drawn without level 2 still names the grid the point is in
    grid: atLevel(2) ?? (deepest && deepest.level > 1 ? deepest : null),
    buildingGroup: deepest && deepest.level >= 3 ? deepest : null,
  };
}

/** Outside every grid: the friendly "not in our street" message instead of a card. */
export const isOutside = (answer: Pick<LookupAnswer, 'grids'>) => answer.grids.length === 0;

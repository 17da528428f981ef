// Where the grids live in the basemap style (tiles/style.json): the source, its MVT layer and the
// fill layer that draws — and so answers clicks for — each level.
import type { GridLevel } from '../api/grid.api.ts';

export const gridFeatureSource = { source: 'grids', sourceLayer: 'grids' } as const;

export const gridFillLayer: Record<GridLevel, string> = {
  1: 'community-fill',
  2: 'grid-fill',
  3: 'building-group-fill',
};

export const gridLevels: GridLevel[] = [1, 2, 3];

/** A click picks a grid (网格) unless the user switched the level. */
export const defaultPickLevel: GridLevel = 2;

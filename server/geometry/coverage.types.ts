// The vocabulary of coverage validation (无盲区: every household in exactly one grid at every level).
// Shared by the editor (browser) and the server, so nothing here may touch I/O or Node-only APIs.
import type { MultiPolygon, Point, Polygon } from 'geojson';

export type GridId = string | number;
export type Position2 = [number, number];

export interface GridInput {
  id: GridId;
  level: number;
  /** null for a top-level grid */
  parent_id: GridId | null;
  geometry: Polygon | MultiPolygon;
  name?: string;
  /** staff id of the grid worker (网格员); null or absent = none assigned */
  worker_id?: GridId | null;
  /** used when no buildings are given */
  households?: number | null;
}

export interface BuildingInput {
  id: GridId;
  lon: number;
  lat: number;
  households: number;
}

export type IssueType =
  | 'overlap'
  | 'gap'
  | 'outside_parent'
  | 'invalid_geometry'
  | 'uncovered_building'
  | 'no_worker'
  | 'empty_grid'
  | 'household_deviation';

export type Severity = 'error' | 'warning';

export interface Issue {
  type: IssueType;
  severity: Severity;
  /**
   * overlap: the two grids; gap: the children bordering it, longest shared border first (for a top-level
   * hole: the top-level grids around it); outside_parent / invalid_geometry / grid attribute issues: the grid.
   */
  grids: GridId[];
  parent_id: GridId | null;
  /** geodesic (WGS84 ellipsoid) area of the issue's geometry; for grid attribute issues, the grid's area */
  area_m2: number;
  /** the problem area (Polygon; MultiPolygon when it pinches at a vertex), the problem location (Point), or null when the issue is the whole grid */
  geometry: Polygon | MultiPolygon | Point | null;
  /** [lon, lat] to zoom to: inside the issue's geometry */
  point: Position2 | null;
  /** invalid_geometry: why; attribute issues: a short explanation */
  reason?: string;
  building_id?: GridId;
  households?: number;
}

export interface ValidationResult {
  valid: boolean;
  issues: Issue[];
}

export interface ValidationOptions {
  /** overlaps, gaps and outside parts larger than this are errors, smaller ones warnings (slivers) */
  min_area_m2?: number;
  /** households a grid at `target_level` should have */
  target_households?: number;
  /** relative deviation from the target that is still fine (0.5 → 150…450 for 300) */
  household_tolerance?: number;
  target_level?: number;
  /** levels whose grids need a worker */
  worker_levels?: number[];
}

export const defaultOptions: Required<ValidationOptions> = {
  min_area_m2: 1,
  target_households: 300,
  household_tolerance: 0.5,
  target_level: 2,
  worker_levels: [2],
};

export function resolveOptions(options: ValidationOptions = {}): Required<ValidationOptions> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== null));
  return { ...defaultOptions, ...defined };
}

/**
 * Pieces thinner or smaller than this are floating-point noise of shared edges, not slivers: 1e-9° is
 * about 0.1 mm, far below any digitising precision and four orders below the default min_area_m2.
 */
export const noise = {
  /** vertices closer than this (degrees) are one vertex; a vertex this close to an edge lies on it */
  snapDegrees: 1e-9,
  areaM2: 1e-4,
  /** mean width = 2·area / perimeter */
  widthM: 2e-4,
};

/** An outcome as a value, not an exception (terra-draw style). */
export type Checked<T> = { valid: true; value: T } | { valid: false; reason: string };

// The vocabulary of plans (规划方案): drafts of grid changes, published as a new generation.
import type { MultiPolygon, Polygon } from 'geojson';

export type PlanStatus = 'draft' | 'published' | 'discarded';

export interface Plan {
  id: number;
  name: string;
  status: PlanStatus;
  /** the community (or any grid) the plan covers with everything under it; null = the whole street */
  scope_grid_id: number | null;
  base_generation: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  published_generation: number | null;
}

export type GridGeometry = Polygon | MultiPolygon;

/** A grid added by import or auto-partition: no clipping, validation reports what it brings. */
export interface PlanGridInput {
  code?: string;
  name: string;
  level?: number;
  parent_id?: number | null;
  /** the parent named by its code: a grid of the plan or an earlier grid of the same batch */
  parent_code?: string;
  geometry: GridGeometry;
  worker_id?: number | null;
}

/** One grid's edit, made against the version the editor last saw. */
export interface GridChange {
  id: number;
  version: number;
  geometry?: GridGeometry;
  name?: string;
  code?: string;
  worker_id?: number | null;
}

/** The stored row of a plan grid, as the edit code reads it. */
export interface PlanGridRow {
  id: number;
  version: number;
  base_from: number | null;
  code: string;
  name: string;
  level: number;
  parent_id: number | null;
  worker_id: number | null;
}

export interface PlanDiff {
  added: number[];
  removed: number[];
  changed: number[];
  /** buildings (and their households) whose deepest grid differs between the published grids and the plan */
  moves: Array<{ from: number | null; to: number | null; buildings: number; households: number }>;
}

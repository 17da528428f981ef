// What the planner checks besides geometry: buildings that no deepest grid covers, grids without a worker
// (网格员), empty grids, and households far from the target (about 300 per grid).
import Flatbush from 'flatbush';
import type { BuildingInput, GridId, Issue, Position2, ValidationOptions } from './coverage.types.ts';
import { resolveOptions } from './coverage.types.ts';
import type { PreparedCoverage, PreparedGrid } from './coverage.validate.ts';
import { interiorPoint } from './interior.point.ts';
import { coverTester } from './point.contains.ts';

/** grids without children: the deepest grid wherever a point is */
export function leafGrids(coverage: PreparedCoverage): PreparedGrid[] {
  return coverage.grids.filter((g) => !coverage.children.has(g.key));
}

export interface BuildingCounts {
  /** households per grid key, counting every building the grid covers (border included) */
  households: Map<string, number>;
  /** buildings that no deepest grid covers */
  uncovered: BuildingInput[];
}

export function countBuildings(coverage: PreparedCoverage, buildings: readonly BuildingInput[]): BuildingCounts {
  const households = new Map(coverage.grids.map((g) => [g.key, 0]));
  const covered = new Uint8Array(buildings.length);
  if (buildings.length) {
    const index = new Flatbush(buildings.length);
    for (const b of buildings) index.add(b.lon, b.lat, b.lon, b.lat);
    index.finish();
    const leaves = new Set(leafGrids(coverage).map((g) => g.key));
    for (const g of coverage.grids) {
      if (g.geometry.polygons.length === 0) continue;
      const [minX, minY, maxX, maxY] = g.geometry.bbox;
      let sum = 0;
      const hits = index.search(minX, minY, maxX, maxY);
      if (hits.length === 0) continue;
      const covers = coverTester(g.geometry.polygons);
      for (const i of hits) {
        const b = buildings[i];
        if (!covers([b.lon, b.lat])) continue;
        sum += b.households;
        if (leaves.has(g.key)) covered[i] = 1;
      }
      households.set(g.key, sum);
    }
  }
  return { households, uncovered: buildings.filter((_, i) => !covered[i]) };
}

export function householdIssues(coverage: PreparedCoverage, buildings: readonly BuildingInput[] | null, options: ValidationOptions = {}): Issue[] {
  if (!buildings) {
    const known = new Map<string, number | null>(coverage.grids.map((g) => [g.key, typeof g.grid.households === 'number' ? g.grid.households : null]));
    return attributeIssues(coverage, known, options);
  }
  const { households, uncovered } = countBuildings(coverage, buildings);
  return [...uncoveredBuildingIssues(uncovered), ...attributeIssues(coverage, households, options)];
}

export function uncoveredBuildingIssues(uncovered: readonly BuildingInput[]): Issue[] {
  return uncovered.map((b) => ({
    type: 'uncovered_building',
    severity: 'error',
    grids: [],
    parent_id: null,
    area_m2: 0,
    geometry: { type: 'Point', coordinates: [b.lon, b.lat] },
    point: [b.lon, b.lat],
    building_id: b.id,
    households: b.households,
    reason: 'no deepest grid covers this building',
  }));
}

/** what the attribute rules need to know of a grid, whichever engine measured it */
export interface GridFacts {
  id: GridId;
  level: number;
  parent_id: GridId | null;
  worker_id: GridId | null | undefined;
  /** null: unknown (no buildings given and none in the input) */
  households: number | null;
  /** has no children */
  leaf: boolean;
  area_m2: number;
  point: Position2 | null;
}

export function gridFacts(coverage: PreparedCoverage, households: ReadonlyMap<string, number | null>): GridFacts[] {
  return coverage.grids.map((g) => ({
    id: g.grid.id,
    level: g.grid.level,
    parent_id: g.grid.parent_id ?? null,
    worker_id: g.grid.worker_id,
    households: households.get(g.key) ?? null,
    leaf: !coverage.children.has(g.key),
    area_m2: g.areaM2,
    point: interiorPoint(g.geometry.polygons),
  }));
}

export function attributeIssues(coverage: PreparedCoverage, households: ReadonlyMap<string, number | null>, options: ValidationOptions = {}): Issue[] {
  return factIssues(gridFacts(coverage, households), options);
}

/** worker, emptiness and household balance */
export function factIssues(facts: readonly GridFacts[], options: ValidationOptions = {}): Issue[] {
  const opts = resolveOptions(options);
  const issues: Issue[] = [];
  for (const g of facts) {
    const base = { severity: 'warning' as const, grids: [g.id], parent_id: g.parent_id, area_m2: g.area_m2, geometry: null, point: g.point };
    if (opts.worker_levels.includes(g.level) && (g.worker_id === null || g.worker_id === undefined))
      issues.push({ ...base, type: 'no_worker', reason: 'no grid worker assigned' });
    const h = g.households;
    if (h === null) continue;
    if (g.leaf && h === 0) issues.push({ ...base, type: 'empty_grid', households: 0, reason: 'no households' });
    else if (g.level === opts.target_level && Math.abs(h - opts.target_households) > opts.household_tolerance * opts.target_households)
      issues.push({ ...base, type: 'household_deviation', households: h, reason: `${h} households, target ${opts.target_households}` });
  }
  return issues;
}

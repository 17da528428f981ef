// The editor's instant validation, with the server's semantics (the same geometry core): one full check
// when a community opens, then after every edit the core's incremental check of each changed grid —
// only the window the change touched is looked at again — merged into the list the planner sees.
import { indexCoverage, prepareCoverage, prepareGrid, validateCoverage, type PreparedCoverage } from '../../server/geometry/coverage.validate.ts';
import { attributeIssues } from '../../server/geometry/households.validate.ts';
import { validateGridEdit } from '../../server/geometry/grid-edit.validate.ts';
import type { GridInput, Issue, ValidationOptions } from '../../server/geometry/coverage.types.ts';
import type { PlanGrid } from './plan.api.ts';

const geometricTypes = new Set(['overlap', 'gap', 'outside_parent', 'invalid_geometry']);

export const toGridInput = (g: PlanGrid): GridInput => ({
  id: g.id,
  level: g.properties.level,
  parent_id: g.properties.parent_id,
  geometry: g.geometry,
  name: g.properties.name,
  worker_id: g.properties.worker_id,
  households: g.properties.households,
});

const sameGeometry = (a: PlanGrid['geometry'], b: PlanGrid['geometry']) => a === b || JSON.stringify(a.coordinates) === JSON.stringify(b.coordinates);

/** one issue however many changed grids report it */
const issueKey = (i: Issue) => `${i.type}|${[...i.grids].map(String).sort().join(',')}|${Math.round(i.area_m2)}`;

export class LocalCheck {
  private coverage: PreparedCoverage;
  issues: Issue[];

  constructor(grids: readonly PlanGrid[], private readonly options: ValidationOptions = {}) {
    this.coverage = prepareCoverage(grids.map(toGridInput));
    this.issues = validateCoverage(this.coverage, null, options).issues;
  }

  /** What the edit breaks, before it is saved: issues of the window around what moved (live feedback while dragging). */
  preview(id: number, geometry: PlanGrid['geometry']): Issue[] {
    return validateGridEdit(this.coverage, id, geometry, this.options).issues;
  }

  /**
   * Takes in saved grids (changed, added) and removed ids. Reshaped grids get the incremental check; added
   * or removed ones change a group's cover as a whole, so then the whole check runs. A grid whose geometry
   * is what the check already holds (the server's answer to an edit shown optimistically) keeps its
   * issues; only its attributes (households, worker) are looked at again.
   */
  apply(changed: readonly PlanGrid[], removed: readonly number[] = []): Issue[] {
    const held = (g: PlanGrid) => this.coverage.byKey.get(String(g.id));
    const reshaped = changed.filter((g) => !held(g) || !sameGeometry(held(g)!.grid.geometry, g.geometry));
    const fresh = this.incremental(reshaped.filter(held));
    const structural = reshaped.some((g) => !held(g)) || removed.length > 0;

    const changedKeys = new Set(changed.map((g) => String(g.id)));
    const reshapedKeys = new Set(reshaped.map((g) => String(g.id)));
    const removedKeys = new Set(removed.map(String));
    const kept = this.coverage.grids.filter((g) => !removedKeys.has(g.key));
    const replaced = kept.map((g) => (changedKeys.has(g.key) ? prepareGrid(toGridInput(changed.find((c) => String(c.id) === g.key)!), g.order) : g));
    const added = changed.filter((g) => !held(g)).map((g, i) => prepareGrid(toGridInput(g), this.coverage.grids.length + i));
    this.coverage = indexCoverage([...replaced, ...added]);

    if (structural) {
      this.issues = validateCoverage(this.coverage, null, this.options).issues;
      return this.issues;
    }
    const mentions = (i: Issue, keys: Set<string>) => i.grids.some((id) => keys.has(String(id))) || (i.parent_id !== null && keys.has(String(i.parent_id)));
    const outdated = (i: Issue) => (geometricTypes.has(i.type) ? mentions(i, reshapedKeys) : i.grids.some((id) => changedKeys.has(String(id))));
    const own = indexCoverage(this.coverage.grids.filter((g) => changedKeys.has(g.key)));
    const attribute = attributeIssues(own, new Map(own.grids.map((g) => [g.key, g.grid.households ?? null])), this.options);
    const merged = new Map<string, Issue>();
    for (const issue of [...this.issues.filter((i) => !outdated(i)), ...fresh, ...attribute]) merged.set(issueKey(issue), issue);
    this.issues = [...merged.values()].sort((a, b) => (a.severity === b.severity ? b.area_m2 - a.area_m2 : a.severity === 'error' ? -1 : 1));
    return this.issues;
  }

  /**
   * Each reshaped grid against the others as they are after the edit: a shared vertex moves in several
   * grids at once, and checking one of them against its neighbours' old shape would report the sliver
   * between old and new as an overlap or gap.
   */
  private incremental(reshaped: readonly PlanGrid[]): Issue[] {
    const prepared = new Map(reshaped.map((g) => [String(g.id), g]));
    return reshaped.flatMap((g) => {
      const others = this.coverage.grids.map((p) => {
        const next = p.key !== String(g.id) ? prepared.get(p.key) : undefined;
        return next ? prepareGrid(toGridInput(next), p.order) : p;
      });
      const coverage = reshaped.length > 1 ? indexCoverage(others) : this.coverage;
      return validateGridEdit(coverage, g.id, g.geometry, this.options).issues.filter((i) => geometricTypes.has(i.type));
    });
  }

  /** the whole check again (after a reload or a server-side fix) */
  reset(grids: readonly PlanGrid[]): Issue[] {
    this.coverage = prepareCoverage(grids.map(toGridInput));
    this.issues = validateCoverage(this.coverage, null, this.options).issues;
    return this.issues;
  }
}

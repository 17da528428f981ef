import { describe, expect, it } from 'vitest';
import { prepareCoverage, validateCoverage } from './coverage.validate.ts';
import { validateGridEdit, changeWindow } from './grid-edit.validate.ts';
import { syntheticCoverage } from '../validation/synthetic.coverage.ts';
import { compareIssues } from '../validation/issues.compare.ts';
import type { GridInput, Issue, Position2 } from './coverage.types.ts';

const { grids } = syntheticCoverage({ counts: [3, 12, 60], bbox: [118.78, 32.04, 118.8, 32.06], densify: 2, seed: 11 });
const coverage = prepareCoverage(grids);
const geometric = (issues: Issue[]) => issues.filter((i) => ['overlap', 'gap', 'outside_parent', 'invalid_geometry'].includes(i.type));
const rings = (g: GridInput): Position2[][][] => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates as Position2[][]] : (g.geometry.coordinates as Position2[][][]));
const moved = (g: GridInput, dx: number): GridInput['geometry'] => ({ type: 'MultiPolygon', coordinates: rings(g).map((p) => p.map((r) => r.map(([x, y]) => [x + dx, y]))) });

describe('validateGridEdit', () => {
  it('finds nothing when the grid did not change', () => {
    const g = grids[20];
    expect(validateGridEdit(coverage, g.id, g.geometry)).toEqual({ valid: true, issues: [] });
  });

  it.each([1, 2, 3])('reports what a full validation reports when a level-%i grid is shifted 20 m', (level) => {
    for (const g of grids.filter((x) => x.level === level).slice(0, 4)) {
      const geometry = moved(g, 20 / 94_400);
      const full = geometric(validateCoverage(grids.map((x) => (x.id === g.id ? { ...x, geometry } : x))).issues);
      const incremental = validateGridEdit(coverage, g.id, geometry);
      expect(full.length).toBeGreaterThan(0);
      expect(compareIssues(incremental.issues, full)).toEqual([]);
    }
  });

  it('reports what a full validation reports when one vertex is dragged', () => {
    for (const g of grids.filter((x) => x.level === 3).slice(0, 10)) {
      const polygons = structuredClone(rings(g));
      const ring = polygons[0][0];
      ring[2] = [ring[2][0] + 0.0001, ring[2][1] + 0.00005];
      const geometry: GridInput['geometry'] = { type: 'MultiPolygon', coordinates: polygons };
      const full = geometric(validateCoverage(grids.map((x) => (x.id === g.id ? { ...x, geometry } : x))).issues);
      expect(compareIssues(validateGridEdit(coverage, g.id, geometry).issues, full)).toEqual([]);
    }
  });

  it('reports an edited bow-tie as invalid geometry', () => {
    const g = grids.find((x) => x.level === 3)!;
    const xs = rings(g)[0][0].map((p) => p[0]);
    const ys = rings(g)[0][0].map((p) => p[1]);
    const [x0, y0, x1, y1] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const result = validateGridEdit(coverage, g.id, { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] });
    expect(result.issues.find((i) => i.type === 'invalid_geometry')?.reason).toBe('self-intersection');
  });

  it('limits the window to the moved vertex and its neighbours', () => {
    const ring: Position2[] = [[0, 0], [1, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
    const after = ring.map((p, i) => (i === 2 ? ([2.5, -0.5] as Position2) : p));
    expect(changeWindow([[ring]], [[after]])).toEqual([1, -0.5, 2.5, 2]);
  });
});

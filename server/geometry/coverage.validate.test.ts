import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { at, child, polygon, rect } from './cell.fixture.ts';
import { validateCoverage } from './coverage.validate.ts';
import { polygonAreaM2 } from './area.geodesic.ts';
import type { GridInput, Issue, Position2 } from './coverage.types.ts';
import { polygonsCover } from './point.contains.ts';


const parent: GridInput = { id: 'P', level: 1, parent_id: null, geometry: rect(0, 0, 2, 1) };

const geometric = (issues: Issue[]) => issues.filter((i) => ['overlap', 'gap', 'outside_parent', 'invalid_geometry'].includes(i.type));
const only = (issues: Issue[], type: string) => issues.filter((i) => i.type === type);
const inside = (issue: Issue) => {
  const g = issue.geometry!;
  const polygons = g.type === 'Polygon' ? [g.coordinates as Position2[][]] : g.type === 'MultiPolygon' ? (g.coordinates as Position2[][][]) : [];
  return polygonsCover(polygons, issue.point!);
};

describe('validateCoverage', () => {
  it('accepts two children that tile their parent', () => {
    const result = validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', rect(1, 0, 2, 1))]);
    expect(result).toEqual({ valid: true, issues: [] });
  });

  it('reports overlapping squares with the two grids, the overlap area and a point inside it', () => {
    // A reaches 0.2 cells into B; B still ends where the parent ends
    const a = polygon(at(0, 0), at(1.2, 0), at(1.2, 1), at(0, 1));
    const result = validateCoverage([parent, child('A', a), child('B', rect(1, 0, 2, 1))]);
    expect(result.valid).toBe(false);
    const [overlap] = only(result.issues, 'overlap');
    expect(overlap.grids).toEqual(['A', 'B']);
    expect(overlap.parent_id).toBe('P');
    expect(overlap.severity).toBe('error');
    const expected = polygonAreaM2([[at(1, 0), at(1.2, 0), at(1.2, 1), at(1, 1), at(1, 0)]]);
    expect(overlap.area_m2).toBeCloseTo(expected, 3);
    expect(inside(overlap)).toBe(true);
    expect(geometric(result.issues)).toHaveLength(1);
  });

  it('reports a gore: a thin triangle between a child and the parent edge', () => {
    // B's outer edge leans in from the parent's corner: a triangle 1 m wide at the top
    const lean = 1 / 94; // about one metre in longitude at this latitude, in cells of ~94 m
    const b = polygon(at(1, 0), at(2, 0), at(2 - lean, 1), at(1, 1));
    const result = validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', b)]);
    const gaps = only(result.issues, 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].grids).toEqual(['B']);
    const expected = polygonAreaM2([[at(2, 0), at(2, 1), at(2 - lean, 1), at(2, 0)]]);
    expect(gaps[0].area_m2).toBeCloseTo(expected, 3);
    expect(gaps[0].area_m2).toBeGreaterThan(40);
    expect(gaps[0].severity).toBe('error');
    expect(inside(gaps[0])).toBe(true);
  });

  it('reports a gap strip across the parent, bordered by both children', () => {
    const result = validateCoverage([parent, child('A', rect(0, 0, 0.9, 1)), child('B', rect(1.1, 0, 2, 1))]);
    const gaps = only(result.issues, 'gap');
    expect(gaps).toHaveLength(1);
    expect([...gaps[0].grids].sort()).toEqual(['A', 'B']);
    expect(gaps[0].area_m2).toBeCloseTo(polygonAreaM2([rect(0.9, 0, 1.1, 1).coordinates[0] as Position2[]]), 3);
    expect(inside(gaps[0])).toBe(true);
  });

  it('reports the part of a child outside its parent', () => {
    const b = polygon(at(1, 0), at(2.5, 0), at(2.5, 1), at(1, 1));
    const result = validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', b)]);
    expect(geometric(result.issues).map((i) => i.type)).toEqual(['outside_parent']);
    const [outside] = result.issues;
    expect(outside.grids).toEqual(['B']);
    expect(outside.area_m2).toBeCloseTo(polygonAreaM2([rect(2, 0, 2.5, 1).coordinates[0] as Position2[]]), 3);
  });

  it('accepts a shared edge whose vertices match on one side only', () => {
    // A's right edge has extra vertices that B's left edge does not, and the parent has none of them
    const a = polygon(at(0, 0), at(1, 0), at(1, 0.25), at(1, 1 / 3), at(1, 0.7), at(1, 1), at(0, 1));
    const b = polygon(at(1, 0), at(1.5, 0), at(2, 0), at(2, 1), at(1, 1));
    expect(validateCoverage([parent, child('A', a), child('B', b)])).toEqual({ valid: true, issues: [] });
  });

  it('accepts multipolygons and a child filling another child’s hole', () => {
    // A is the left cell with a hole plus an island in the right cell; B is the right cell minus the island plus A's hole
    const hole: Position2[] = [at(0.4, 0.4), at(0.4, 0.6), at(0.6, 0.6), at(0.6, 0.4), at(0.4, 0.4)];
    const island: Position2[] = [at(1.4, 0.4), at(1.6, 0.4), at(1.6, 0.6), at(1.4, 0.6), at(1.4, 0.4)];
    const a: GridInput['geometry'] = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1).coordinates[0], hole], [island]] };
    const b: GridInput['geometry'] = { type: 'MultiPolygon', coordinates: [[rect(1, 0, 2, 1).coordinates[0], [...island].reverse()], [[...hole].reverse()]] };
    expect(validateCoverage([parent, child('A', a), child('B', b)])).toEqual({ valid: true, issues: [] });
    // without the island part, B's hole is a gap inside the parent
    const bWithout: GridInput['geometry'] = { type: 'MultiPolygon', coordinates: [[rect(1, 0, 2, 1).coordinates[0], island], [hole]] };
    const gaps = only(validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', bWithout)]).issues, 'overlap');
    expect(gaps).toHaveLength(1); // A has no hole now, so B's part in it overlaps A
    expect(gaps[0].area_m2).toBeCloseTo(polygonAreaM2([hole]), 3);
  });

  it('does not count duplicate consecutive points as a problem', () => {
    const a = polygon(at(0, 0), at(0, 0), at(1, 0), at(1, 0), at(1, 1), at(0, 1), at(0, 1));
    expect(validateCoverage([parent, child('A', a), child('B', rect(1, 0, 2, 1))])).toEqual({ valid: true, issues: [] });
  });

  it('reports a bow-tie as invalid geometry with the reason and the crossing point', () => {
    const bowTie = polygon(at(1, 0), at(2, 1), at(2, 0), at(1, 1));
    const result = validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', bowTie)]);
    const [invalid] = only(result.issues, 'invalid_geometry');
    expect(invalid.grids).toEqual(['B']);
    expect(invalid.reason).toBe('self-intersection');
    expect(invalid.point![0]).toBeCloseTo(at(1.5, 0.5)[0], 9);
    expect(invalid.point![1]).toBeCloseTo(at(1.5, 0.5)[1], 9);
    // the bow-tie covers two of the four triangles of its cell: the other two are gaps
    expect(only(result.issues, 'gap')).toHaveLength(2);
  });

  it('names the reason for unclosed rings, too few points and bad coordinates', () => {
    const reasonOf = (geometry: unknown) => {
      const result = validateCoverage([parent, child('A', rect(0, 0, 1, 1)), child('B', geometry as Polygon)]);
      return only(result.issues, 'invalid_geometry')[0]?.reason;
    };
    expect(reasonOf({ type: 'Polygon', coordinates: [[at(1, 0), at(2, 0), at(2, 1), at(1, 1)]] })).toBe('unclosed ring');
    expect(reasonOf({ type: 'Polygon', coordinates: [[at(1, 0), at(2, 0), at(1, 0)]] })).toBe('too few points in ring');
    expect(reasonOf({ type: 'Polygon', coordinates: [[at(1, 0), [null, 32], at(2, 1), at(1, 0)]] })).toBe('NaN or non-numeric coordinate');
    expect(reasonOf({ type: 'Polygon', coordinates: [[at(1, 0), [190, 32], at(2, 1), at(1, 0)]] })).toMatch(/out of range/);
  });

  it('makes slivers below min_area_m2 warnings and above errors', () => {
    // a 2 cm wide strip along the whole shared edge: about 2.2 m²
    const strip = 0.02 / 94;
    const a = polygon(at(0, 0), at(1 - strip, 0), at(1 - strip, 1), at(0, 1));
    const grids = [parent, child('A', a), child('B', rect(1, 0, 2, 1))];
    const [gap] = only(validateCoverage(grids).issues, 'gap');
    expect(gap.area_m2).toBeGreaterThan(1.5);
    expect(gap.area_m2).toBeLessThan(3);
    expect(gap.severity).toBe('error');
    const relaxed = validateCoverage(grids, null, { min_area_m2: 5 });
    expect(relaxed.valid).toBe(true);
    expect(only(relaxed.issues, 'gap')[0].severity).toBe('warning');
  });

  it('checks top-level grids against each other: overlaps and holes in their union', () => {
    const top = (id: string, geometry: Polygon): GridInput => ({ id, level: 1, parent_id: null, geometry });
    // a ring of four rectangles around an empty middle cell, the last one reaching into the first
    const ring = [
      top('S', rect(0, 0, 3, 1)),
      top('E', rect(2, 1, 3, 3)),
      top('N', rect(0, 2, 2, 3)),
      top('W', polygon(at(0, 0.5), at(1, 0.5), at(1, 2), at(0, 2))),
    ];
    const issues = validateCoverage(ring).issues;
    const [hole] = only(issues, 'gap');
    expect(hole.parent_id).toBeNull();
    expect([...hole.grids].sort()).toEqual(['E', 'N', 'S', 'W']);
    expect(hole.area_m2).toBeCloseTo(polygonAreaM2([rect(1, 1, 2, 2).coordinates[0] as Position2[]]), 3);
    const [overlap] = only(issues, 'overlap');
    expect(overlap.grids).toEqual(['S', 'W']);
  });

  it('reports buildings outside every deepest grid, empty grids, missing workers and household deviation', () => {
    const grids = [parent, child('A', rect(0, 0, 1, 1)), { ...child('B', rect(1, 0, 2, 1)), worker_id: null }];
    const buildings = [
      { id: 'b1', lon: at(0.5, 0.5)[0], lat: at(0.5, 0.5)[1], households: 290 },
      { id: 'b2', lon: at(3, 0.5)[0], lat: at(3, 0.5)[1], households: 12 },
    ];
    const { issues } = validateCoverage(grids, buildings);
    expect(only(issues, 'uncovered_building').map((i) => i.building_id)).toEqual(['b2']);
    expect(only(issues, 'empty_grid').map((i) => i.grids)).toEqual([['B']]);
    expect(only(issues, 'no_worker').map((i) => i.grids)).toEqual([['B']]);
    expect(only(issues, 'household_deviation')).toHaveLength(0);
    const strict = validateCoverage(grids, buildings, { target_households: 100 });
    expect(only(strict.issues, 'household_deviation').map((i) => [i.grids[0], i.households])).toEqual([['A', 290]]);
  });
});

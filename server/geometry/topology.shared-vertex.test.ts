import { describe, expect, it } from 'vitest';
import { at, rect } from './cell.fixture.ts';
import { validateCoverage } from './coverage.validate.ts';
import type { GridInput, Position2 } from './coverage.types.ts';
import { findSharedVertex, insertSharedVertex, moveSharedVertex, movedVertex, polygonsOf, removeSharedVertex, type TopoGrid } from './topology.shared-vertex.ts';

// Two grids side by side in parent P: A = [0,2]×[0,2], B = [2,4]×[0,2]; they share the edge x = 2.
const parent: GridInput = { id: 'P', level: 1, parent_id: null, geometry: rect(0, 0, 4, 2), worker_id: 1 };
const a: GridInput = { id: 'A', level: 2, parent_id: 'P', geometry: rect(0, 0, 2, 2), worker_id: 1 };
const b: GridInput = { id: 'B', level: 2, parent_id: 'P', geometry: rect(2, 0, 4, 2), worker_id: 1 };
const grids = [parent, a, b];
const geometric = (list: GridInput[]) => validateCoverage(list).issues.filter((i) => i.severity === 'error' && ['gap', 'overlap', 'outside_parent', 'invalid_geometry'].includes(i.type));
const replace = (list: GridInput[], changed: TopoGrid[]) => list.map((g) => ({ ...g, geometry: changed.find((c) => c.id === g.id)?.geometry ?? g.geometry }));

describe('shared vertices', () => {
  it('finds a vertex in every grid that has it', () => {
    expect(findSharedVertex(grids, at(2, 0)).map((r) => r.id).sort()).toEqual(['A', 'B']);
    expect(findSharedVertex(grids, at(0, 0)).map((r) => r.id).sort()).toEqual(['A', 'P']);
  });

  it('moves a vertex shared by two grids in both, so the edge stays shared and the coverage clean', () => {
    // (2,0) lies on the parent's edge; move the other end of the shared edge, inside the parent. Add it first.
    const withMiddle = replace(grids, insertSharedVertex(grids, at(2, 0), at(2, 2), at(2, 1)));
    const changed = moveSharedVertex(withMiddle, at(2, 1), at(2.5, 1));
    expect(changed.map((g) => g.id).sort()).toEqual(['A', 'B']);
    expect(geometric(replace(withMiddle, changed))).toEqual([]);
    expect(findSharedVertex(replace(withMiddle, changed), at(2.5, 1))).toHaveLength(2);
  });

  it('detached, the vertex moves in one grid only and leaves a gap', () => {
    const withMiddle = replace(grids, insertSharedVertex(grids, at(2, 0), at(2, 2), at(2, 1)));
    const changed = moveSharedVertex(withMiddle, at(2, 1), at(1.5, 1), 'A');
    expect(changed.map((g) => g.id)).toEqual(['A']);
    const issues = geometric(replace(withMiddle, changed));
    expect(issues.map((i) => i.type)).toEqual(['gap']);
    expect(issues[0].area_m2).toBeGreaterThan(1000);
  });

  it('keeps a moved first vertex closed and leaves the input untouched', () => {
    const before = JSON.stringify(grids);
    const [moved] = moveSharedVertex([a], at(0, 0), [at(0, 0)[0] - 0.0001, at(0, 0)[1]]);
    const ring = polygonsOf(moved.geometry)[0][0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(JSON.stringify(grids)).toBe(before);
  });

  it('finds the one dragged coordinate of a ring', () => {
    const ring = polygonsOf(a.geometry)[0][0];
    const after = ring.map((p, i): Position2 => (i === 2 ? [p[0] + 1e-4, p[1]] : p));
    expect(movedVertex(ring, after)).toEqual({ index: 2, from: ring[2], to: after[2] });
    expect(movedVertex(ring, ring)).toBeNull();
    expect(movedVertex(ring, [...ring.slice(0, 2), ...ring.slice(1)])).toBeNull();
  });

  it('removes a shared vertex from every ring that keeps a triangle', () => {
    const withMiddle = replace(grids, insertSharedVertex(grids, at(2, 0), at(2, 2), at(2, 1)));
    const changed = removeSharedVertex(withMiddle, at(2, 1));
    expect(changed.map((g) => g.id).sort()).toEqual(['A', 'B']);
    expect(geometric(replace(withMiddle, changed))).toEqual([]);
  });
});

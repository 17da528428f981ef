import { describe, expect, it } from 'vitest';
import { at, rect } from '../../server/geometry/cell.fixture.ts';
import { insertSharedVertex, moveSharedVertex } from '../../server/geometry/topology.shared-vertex.ts';
import type { Polygon } from 'geojson';
import { LocalCheck } from './local.check.ts';
import type { PlanGrid } from './plan.api.ts';

const grid = (id: number, level: number, parent: number | null, geometry: Polygon, households = 300): PlanGrid => ({
  type: 'Feature', id, geometry,
  properties: { id, code: '', name: `g${id}`, level, parent_id: parent, worker_id: 1, worker_name: null, households, population: 0, buildings: 1, area_m2: 0, version: 1, change: 'unchanged' },
});

describe('LocalCheck', () => {
  const base = [grid(1, 1, null, rect(0, 0, 4, 2)), grid(2, 2, 1, rect(0, 0, 2, 2)), grid(3, 2, 1, rect(2, 0, 4, 2))];
  const topo = base.map((g) => ({ id: g.id, geometry: g.geometry }));
  const withMiddle = insertSharedVertex(topo, at(2, 0), at(2, 2), at(2, 1));
  const grids = base.map((g) => ({ ...g, geometry: (withMiddle.find((m) => m.id === g.id)?.geometry ?? g.geometry) as Polygon }));

  it('reports the gap a detached vertex leaves, and keeps it when the server answers with the same geometry', () => {
    const check = new LocalCheck(grids);
    expect(check.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [moved] = moveSharedVertex(grids, at(2, 1), at(1.5, 1), 2);
    const edited = { ...grids[1], geometry: moved.geometry as Polygon };
    expect(check.apply([edited]).filter((i) => i.type === 'gap')).toHaveLength(1);
    // the saved grid comes back with a new version and the same shape
    const saved = { ...edited, properties: { ...edited.properties, version: 2 } };
    expect(check.apply([saved]).filter((i) => i.type === 'gap')).toHaveLength(1);
    // undo: the gap goes
    expect(check.apply([grids[1]]).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('checks the whole group again when a grid is removed', () => {
    const check = new LocalCheck(grids);
    expect(check.apply([], [3]).filter((i) => i.type === 'gap')).toHaveLength(1);
  });
});

describe('LocalCheck with a shared vertex', () => {
  it('finds nothing when a vertex shared by two grids moves in both', () => {
    const base = [grid(1, 1, null, rect(0, 0, 4, 2)), grid(2, 2, 1, rect(0, 0, 2, 2)), grid(3, 2, 1, rect(2, 0, 4, 2))];
    const withMiddle = insertSharedVertex(base, at(2, 0), at(2, 2), at(2, 1));
    const grids = base.map((g) => ({ ...g, geometry: (withMiddle.find((m) => m.id === g.id)?.geometry ?? g.geometry) as Polygon }));
    const check = new LocalCheck(grids);
    const moved = moveSharedVertex(grids, at(2, 1), at(2.5, 1.2));
    const edited = grids.filter((g) => g.id !== 1).map((g) => ({ ...g, geometry: moved.find((m) => m.id === g.id)!.geometry as Polygon }));
    expect(check.apply(edited).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

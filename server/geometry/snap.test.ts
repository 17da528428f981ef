import { describe, expect, it } from 'vitest';
import { at, rect } from './cell.fixture.ts';
import type { Position2 } from './coverage.types.ts';
import { closestOnSegment, gridSnapTargets, snap, type Pixel, type Projection } from './snap.ts';

// 1 px = 1e-5° in both directions, y down like a screen
const projection: Projection = {
  project: ([lon, lat]) => [(lon - 118.78) / 1e-5, -(lat - 32.04) / 1e-5],
  unproject: ([x, y]) => [118.78 + x * 1e-5, 32.04 - y * 1e-5],
};
const targets = gridSnapTargets([rect(0, 0, 2, 2).coordinates as Position2[][]], [[118.7805, 32.0405]]);
const px = (p: Position2): Pixel => projection.project(p);

describe('snap', () => {
  it('prefers a vertex within the tolerance', () => {
    const [x, y] = px(at(2, 2));
    expect(snap([x + 5, y + 3], targets, projection)).toMatchObject({ kind: 'vertex', position: at(2, 2) });
  });

  it('snaps to a building point when no vertex is near', () => {
    const [x, y] = px([118.7805, 32.0405]);
    expect(snap([x + 4, y], targets, projection)).toMatchObject({ kind: 'building', position: [118.7805, 32.0405] });
  });

  it('falls back to the nearest point of an edge', () => {
    const [x, y] = px(at(1, 0));
    const hit = snap([x, y + 6], targets, projection);
    expect(hit?.kind).toBe('edge');
    expect(hit!.position[0]).toBeCloseTo(at(1, 0)[0], 9);
    expect(hit!.position[1]).toBeCloseTo(at(1, 0)[1], 9);
  });

  it('finds nothing beyond the tolerance, and never the positions that move', () => {
    const [x, y] = px(at(1, 1));
    expect(snap([x, y], targets, projection, { tolerancePx: 5 })).toBeNull();
    const [vx, vy] = px(at(2, 2));
    // the vertex and the two edges that end in it move with the pointer
    expect(snap([vx + 1, vy], targets, projection, { moving: [at(2, 2)] })).toBeNull();
  });

  it('clamps the closest point to the segment', () => {
    expect(closestOnSegment([-5, 3], [0, 0], [10, 0])).toEqual([0, 0]);
    expect(closestOnSegment([4, 3], [0, 0], [10, 0])).toEqual([4, 0]);
  });
});

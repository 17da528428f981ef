// Snapping while drawing or dragging: the nearest neighbour vertex, building point or neighbour edge
// within a tolerance in screen pixels (what the planner sees), in that order of preference: a vertex
// keeps boundaries shared, a building point lets a boundary pass through a building on purpose, and an
// edge keeps the new boundary on the neighbour's line. Pure: projection comes in as functions.
import type { Position2 } from './coverage.types.ts';
import { samePosition } from './topology.shared-vertex.ts';

export type Pixel = [number, number];
export type SnapKind = 'vertex' | 'building' | 'edge';

export interface SnapTargets {
  vertices: readonly Position2[];
  buildings: readonly Position2[];
  edges: ReadonlyArray<readonly [Position2, Position2]>;
}

export interface SnapResult {
  position: Position2;
  kind: SnapKind;
  distancePx: number;
}

export interface Projection {
  project(p: Position2): Pixel;
  unproject(px: Pixel): Position2;
}

export interface SnapOptions {
  tolerancePx?: number;
  /** positions that move with the pointer (the dragged vertex and what shares it): never targets */
  moving?: readonly Position2[];
}

export const defaultSnapTolerancePx = 12;

export function snap(pointer: Pixel, targets: SnapTargets, projection: Projection, options: SnapOptions = {}): SnapResult | null {
  const tolerance = options.tolerancePx ?? defaultSnapTolerancePx;
  const box = degreeBox(pointer, tolerance, projection);
  const moving = options.moving ?? [];
  const isMoving = (p: Position2) => moving.some((m) => samePosition(m, p));
  const nearestPoint = (points: readonly Position2[], kind: SnapKind): SnapResult | null => {
    let best: SnapResult | null = null;
    for (const p of points) {
      if (!inBox(p, box) || isMoving(p)) continue;
      const distancePx = distance(projection.project(p), pointer);
      if (distancePx <= tolerance && (!best || distancePx < best.distancePx)) best = { position: p, kind, distancePx };
    }
    return best;
  };
  return nearestPoint(targets.vertices, 'vertex') ?? nearestPoint(targets.buildings, 'building') ?? nearestEdge(pointer, targets.edges, projection, box, tolerance, isMoving);
}

function nearestEdge(pointer: Pixel, edges: SnapTargets['edges'], projection: Projection, box: Box, tolerance: number, isMoving: (p: Position2) => boolean): SnapResult | null {
  let best: SnapResult | null = null;
  for (const [a, b] of edges) {
    if (!segmentNearBox(a, b, box) || isMoving(a) || isMoving(b)) continue;
    const pa = projection.project(a);
    const pb = projection.project(b);
    const foot = closestOnSegment(pointer, pa, pb);
    const distancePx = distance(foot, pointer);
    if (distancePx <= tolerance && (!best || distancePx < best.distancePx)) best = { position: projection.unproject(foot), kind: 'edge', distancePx };
  }
  return best;
}

type Box = [number, number, number, number];

/** the lon/lat box the tolerance covers around the pointer, so most targets are skipped without projecting them */
function degreeBox([x, y]: Pixel, tolerance: number, projection: Projection): Box {
  const corners = [projection.unproject([x - tolerance, y - tolerance]), projection.unproject([x + tolerance, y + tolerance])];
  return [Math.min(corners[0][0], corners[1][0]), Math.min(corners[0][1], corners[1][1]), Math.max(corners[0][0], corners[1][0]), Math.max(corners[0][1], corners[1][1])];
}

const inBox = (p: Position2, [x0, y0, x1, y1]: Box) => p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
const segmentNearBox = (a: Position2, b: Position2, [x0, y0, x1, y1]: Box) =>
  Math.max(a[0], b[0]) >= x0 && Math.min(a[0], b[0]) <= x1 && Math.max(a[1], b[1]) >= y0 && Math.min(a[1], b[1]) <= y1;
const distance = (a: Pixel, b: Pixel) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function closestOnSegment(p: Pixel, a: Pixel, b: Pixel): Pixel {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return a;
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return [a[0] + t * dx, a[1] + t * dy];
}

/** The vertices and edges of grids as snap targets (each shared edge once is not worth the bookkeeping). */
export function gridSnapTargets(polygons: Iterable<readonly (readonly Position2[])[]>, buildings: readonly Position2[] = []): SnapTargets {
  const vertices: Position2[] = [];
  const edges: Array<[Position2, Position2]> = [];
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 0; i < ring.length - 1; i++) {
        vertices.push(ring[i]);
        edges.push([ring[i], ring[i + 1]]);
      }
  return { vertices, buildings, edges };
}

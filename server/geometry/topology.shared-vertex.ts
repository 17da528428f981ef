// Topological editing without a topology store: neighbouring grids share a boundary because they hold
// the very same vertices (the demo data and every grid the server clips have exact shared vertices), so a
// vertex is "shared" by every ring that has a vertex at the same position. Moving, inserting or removing
// it in all of them at once keeps the shared edge shared; detaching touches only the one grid.
// Pure: the editor runs it on every pointer move of a drag.
import type { MultiPolygon, Polygon } from 'geojson';
import { noise, type GridId, type Position2 } from './coverage.types.ts';

export interface TopoGrid {
  id: GridId;
  geometry: Polygon | MultiPolygon;
}

/** one occurrence of a vertex: which grid, which polygon of it, which ring, which position (never the closing one) */
export interface VertexRef {
  id: GridId;
  polygon: number;
  ring: number;
  index: number;
}

export const samePosition = (a: readonly number[], b: readonly number[], tolerance = noise.snapDegrees): boolean =>
  Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance;

/** a grid's polygons whatever its geometry type */
export const polygonsOf = (geometry: Polygon | MultiPolygon): Position2[][][] =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Position2[][][];

/** the same shape as the input geometry, built from the given polygons */
const withPolygons = (geometry: Polygon | MultiPolygon, polygons: Position2[][][]): Polygon | MultiPolygon =>
  geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };

/** Every vertex of the grids at `at`; `only` limits the search to one grid (detach). */
export function findSharedVertex(grids: readonly TopoGrid[], at: Position2, only?: GridId): VertexRef[] {
  const refs: VertexRef[] = [];
  for (const grid of grids) {
    if (only !== undefined && String(grid.id) !== String(only)) continue;
    polygonsOf(grid.geometry).forEach((polygon, p) =>
      polygon.forEach((ring, r) => {
        for (let i = 0; i < ring.length - 1; i++) if (samePosition(ring[i], at)) refs.push({ id: grid.id, polygon: p, ring: r, index: i });
      }),
    );
  }
  return refs;
}

/**
 * The grids of `refs` with those vertices at `to`: new geometry objects, the input untouched, so a drag
 * can apply each pointer position to the geometries it started from.
 */
export function placeVertex(grids: readonly TopoGrid[], refs: readonly VertexRef[], to: Position2): TopoGrid[] {
  const byGrid = groupRefs(refs);
  const moved: TopoGrid[] = [];
  for (const grid of grids) {
    const own = byGrid.get(String(grid.id));
    if (!own) continue;
    const polygons = polygonsOf(grid.geometry).map((polygon) => polygon.map((ring) => ring));
    for (const ref of own) {
      const ring = [...polygons[ref.polygon][ref.ring]];
      ring[ref.index] = [to[0], to[1]];
      if (ref.index === 0) ring[ring.length - 1] = [to[0], to[1]];
      polygons[ref.polygon][ref.ring] = ring;
    }
    moved.push({ id: grid.id, geometry: withPolygons(grid.geometry, polygons) });
  }
  return moved;
}

function groupRefs(refs: readonly VertexRef[]): Map<string, VertexRef[]> {
  const byGrid = new Map<string, VertexRef[]>();
  for (const ref of refs) {
    const key = String(ref.id);
    byGrid.set(key, [...(byGrid.get(key) ?? []), ref]);
  }
  return byGrid;
}

/** Moves the vertex at `from` in every grid that has it (or only in `only`: detach); returns the changed grids. */
export function moveSharedVertex(grids: readonly TopoGrid[], from: Position2, to: Position2, only?: GridId): TopoGrid[] {
  return placeVertex(grids, findSharedVertex(grids, from, only), to);
}

/** The one vertex that differs between two versions of a ring (a dragged coordinate), or null. */
export function movedVertex(before: readonly Position2[], after: readonly Position2[]): { index: number; from: Position2; to: Position2 } | null {
  if (before.length !== after.length) return null;
  let found: { index: number; from: Position2; to: Position2 } | null = null;
  for (let i = 0; i < before.length - 1; i++) {
    if (samePosition(before[i], after[i], 0)) continue;
    if (found) return null;
    found = { index: i, from: before[i], to: after[i] };
  }
  return found;
}

/** Inserts `p` between `a` and `b` wherever a ring has them as neighbours, in either direction (a midpoint on a shared edge). */
export function insertSharedVertex(grids: readonly TopoGrid[], a: Position2, b: Position2, p: Position2): TopoGrid[] {
  const changed: TopoGrid[] = [];
  for (const grid of grids) {
    let touched = false;
    const polygons = polygonsOf(grid.geometry).map((polygon) =>
      polygon.map((ring) => {
        const out: Position2[] = [ring[0]];
        for (let i = 1; i < ring.length; i++) {
          const q = ring[i - 1];
          const r = ring[i];
          if ((samePosition(q, a) && samePosition(r, b)) || (samePosition(q, b) && samePosition(r, a))) {
            out.push([p[0], p[1]]);
            touched = true;
          }
          out.push(r);
        }
        return out;
      }),
    );
    if (touched) changed.push({ id: grid.id, geometry: withPolygons(grid.geometry, polygons) });
  }
  return changed;
}

/** Removes the vertex at `at` from every ring that keeps at least a triangle; returns the changed grids. */
export function removeSharedVertex(grids: readonly TopoGrid[], at: Position2): TopoGrid[] {
  const changed: TopoGrid[] = [];
  for (const grid of grids) {
    let touched = false;
    const polygons = polygonsOf(grid.geometry).map((polygon) =>
      polygon.map((ring) => {
        const open = ring.slice(0, -1);
        const kept = open.filter((v) => !samePosition(v, at));
        if (kept.length === open.length || kept.length < 3) return ring;
        touched = true;
        return [...kept, kept[0]];
      }),
    );
    if (touched) changed.push({ id: grid.id, geometry: withPolygons(grid.geometry, polygons) });
  }
  return changed;
}

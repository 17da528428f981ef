// Point in polygons with the boundary counted as inside, like ST_Intersects: a building standing exactly
// on a shared border belongs to both grids rather than to neither.
import type { Position2 } from './coverage.types.ts';
import type { PolygonRings, Ring } from './planar.arrangement.ts';

/** 1 inside, 0 on the boundary, -1 outside */
export function ringSide(ring: Ring, p: Position2): number {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((xi - x) * (yj - y) - (xj - x) * (yi - y) === 0 && Math.min(xi, xj) <= x && x <= Math.max(xi, xj) && Math.min(yi, yj) <= y && y <= Math.max(yi, yj))
      return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

export function polygonsCover(polygons: PolygonRings[], p: Position2): boolean {
  for (const polygon of polygons) {
    const shell = ringSide(polygon[0], p);
    if (shell < 0) continue;
    if (shell === 0) return true;
    if (polygon.slice(1).every((hole) => ringSide(hole, p) <= 0)) return true;
  }
  return false;
}

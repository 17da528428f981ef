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

/**
 * Point-in-polygons for many points against one large grid (a community with a thousand vertices and
 * thousands of buildings): edges sorted into horizontal bands, so each test looks at a few edges only.
 */
export function coverTester(polygons: PolygonRings[]): (p: Position2) => boolean {
  const edges: number[] = []; // x1, y1, x2, y2, ringIndex
  const shellOf: number[] = []; // per ring: index of its polygon's shell ring, or -1 for a shell
  let minY = Infinity;
  let maxY = -Infinity;
  let ringIndex = 0;
  for (const polygon of polygons) {
    const shell = ringIndex;
    for (const [k, ring] of polygon.entries()) {
      shellOf.push(k === 0 ? -1 : shell);
      for (let i = 0; i + 1 < ring.length; i++) {
        edges.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1], ringIndex);
        minY = Math.min(minY, ring[i][1]);
        maxY = Math.max(maxY, ring[i][1]);
      }
      ringIndex++;
    }
  }
  const count = edges.length / 5;
  const bandCount = Math.max(1, Math.ceil(Math.sqrt(count)));
  const height = (maxY - minY) / bandCount || 1;
  const bands: number[][] = Array.from({ length: bandCount }, () => []);
  for (let e = 0; e < count; e++) {
    const y1 = edges[5 * e + 1];
    const y2 = edges[5 * e + 3];
    const lo = Math.max(0, Math.floor((Math.min(y1, y2) - minY) / height));
    const hi = Math.min(bandCount - 1, Math.floor((Math.max(y1, y2) - minY) / height));
    for (let b = lo; b <= hi; b++) bands[b].push(e);
  }
  const crossings = new Uint8Array(ringIndex);
  return ([x, y]) => {
    if (y < minY || y > maxY || count === 0) return false;
    const band = bands[Math.min(bandCount - 1, Math.floor((y - minY) / height))];
    crossings.fill(0);
    for (const e of band) {
      const x1 = edges[5 * e];
      const y1 = edges[5 * e + 1];
      const x2 = edges[5 * e + 2];
      const y2 = edges[5 * e + 3];
      if ((x1 - x) * (y2 - y) - (x2 - x) * (y1 - y) === 0 && Math.min(x1, x2) <= x && x <= Math.max(x1, x2) && Math.min(y1, y2) <= y && y <= Math.max(y1, y2))
        return true; // on the boundary
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) crossings[edges[5 * e + 4]] ^= 1;
    }
    for (let r = 0; r < ringIndex; r++) {
      if (shellOf[r] !== -1 || !crossings[r]) continue;
      let inHole = false;
      for (let h = r + 1; h < ringIndex && shellOf[h] === r; h++) if (crossings[h]) inHole = true;
      if (!inHole) return true;
    }
    return false;
  };
}

// Areas on the WGS84 ellipsoid, to agree with PostGIS's ST_Area(geom::geography) (spheroidal) rather than
// turf's spherical area, which is up to ~0.5 % off at these latitudes.
//
// Lambert's cylindrical equal-area projection of the ellipsoid maps areas exactly, so the shoelace
// formula in projected metres is the ellipsoidal area of a polygon whose edges are straight in that
// projection. For edges of grid size (metres to a few km) the difference from a geodesic edge is far
// below a square millimetre; for edges of hundreds of km it stays below 1e-4 of the polygon's area.
import type { Position2 } from './coverage.types.ts';

const a = 6378137;
const f = 1 / 298.257223563;
const e2 = f * (2 - f);
const e = Math.sqrt(e2);
const rad = Math.PI / 180;

/** authalic "q" of Snyder's (3-12), so that y = a·q/2 is the equal-area ordinate */
function q(latDeg: number): number {
  const s = Math.sin(latDeg * rad);
  return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
}

/** projected metres (x east, y north) with areas equal to the ellipsoid's */
export function equalArea(lon: number, lat: number): Position2 {
  return [a * lon * rad, (a * q(lat)) / 2];
}

/** signed ellipsoidal area of a ring in m² (positive when counter-clockwise); the ring may be open or closed */
export function ringAreaM2(ring: readonly (readonly number[])[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  // Shoelace relative to the first vertex keeps the products small, so no precision is lost to the
  // ~3.6e6 m magnitude of projected ordinates.
  const [x0, y0] = equalArea(ring[0][0], ring[0][1]);
  let sum = 0;
  let [px, py] = [0, 0];
  for (let i = 1; i < n; i++) {
    const [x, y] = equalArea(ring[i][0], ring[i][1]);
    const cx = x - x0;
    const cy = y - y0;
    sum += px * cy - cx * py;
    px = cx;
    py = cy;
  }
  return sum / 2;
}

/** area of polygon rings (shell first, holes after) regardless of their orientation */
export function polygonAreaM2(rings: readonly (readonly (readonly number[])[])[]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const abs = Math.abs(ringAreaM2(ring));
    area += i === 0 ? abs : -abs;
  });
  return area;
}

export function multiPolygonAreaM2(polygons: readonly (readonly (readonly (readonly number[])[])[])[]): number {
  return polygons.reduce((sum, p) => sum + polygonAreaM2(p), 0);
}

/** length of a path in metres; local metric of the ellipsoid, ample for perimeters and border lengths */
export function pathLengthM(path: readonly (readonly number[])[]): number {
  let length = 0;
  for (let i = 1; i < path.length; i++) length += segmentLengthM(path[i - 1], path[i]);
  return length;
}

export function segmentLengthM(p: readonly number[], r: readonly number[]): number {
  const lat = ((p[1] + r[1]) / 2) * rad;
  const s = Math.sin(lat);
  const w = Math.sqrt(1 - e2 * s * s);
  const n = a / w; // prime vertical radius
  const m = (a * (1 - e2)) / (w * w * w); // meridional radius
  const dx = (r[0] - p[0]) * rad * n * Math.cos(lat);
  const dy = (r[1] - p[1]) * rad * m;
  return Math.hypot(dx, dy);
}

// Is a grid's geometry a valid (multi)polygon, and if not, why and where? Also brings rings into the one
// shape the rest of the core relies on: closed, no repeated consecutive points, shells counter-clockwise,
// holes clockwise. Repeated points are not an error (digitising produces them all the time).
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Position2 } from './coverage.types.ts';
import { Arrangement, ringContains, type PolygonRings, type Ring } from './planar.arrangement.ts';
import { noise } from './coverage.types.ts';

/**
 * `structural`: found while reading the coordinates (bad numbers, unclosed or too short rings), before any
 * geometry engine could look at it; otherwise a topological fault (self-intersection, nesting).
 */
export type GeometryValidity = { valid: true } | { valid: false; reason: string; point: Position2 | null; structural: boolean };

export interface PreparedGeometry {
  validity: GeometryValidity;
  /**
   * the polygons the coverage checks use: the input normalised, with an unclosed ring closed, a ring of
   * too few points dropped, and self-intersections resolved even-odd (as ST_MakeValid does); empty when
   * the coordinates are unusable (NaN, out of range, not numbers)
   */
  polygons: PolygonRings[];
  /** the input normalised but not repaired (what another validator, e.g. PostGIS, should be given) */
  normalized: PolygonRings[];
  bbox: [number, number, number, number];
}

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

function oriented(ring: Ring, ccw: boolean): Ring {
  return signedArea(ring) > 0 === ccw ? ring : [...ring].reverse();
}

const invalid = (reason: string, point: Position2 | null, structural: boolean): GeometryValidity => ({ valid: false, reason, point, structural });

/** Normalises and checks a Polygon / MultiPolygon; never throws on bad coordinates. */
export function prepareGeometry(geometry: Polygon | MultiPolygon): PreparedGeometry {
  const raw: unknown[] = geometry.type === 'Polygon' ? [geometry.coordinates] : (geometry.coordinates as unknown[]);
  let validity: GeometryValidity = { valid: true };
  const flag = (reason: string, point: Position2 | null, structural = true) => {
    if (validity.valid) validity = invalid(reason, point, structural);
  };
  const polygons: PolygonRings[] = [];
  let unusable = false;
  if (!Array.isArray(raw) || raw.length === 0) flag('empty geometry', null);
  for (const polygon of Array.isArray(raw) ? raw : []) {
    const rings: Ring[] = [];
    if (!Array.isArray(polygon) || polygon.length === 0) {
      flag('empty polygon', null);
      continue;
    }
    for (const [k, rawRing] of polygon.entries()) {
      const ring: Ring = [];
      for (const p of Array.isArray(rawRing) ? rawRing : []) {
        const x = Array.isArray(p) ? p[0] : undefined;
        const y = Array.isArray(p) ? p[1] : undefined;
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
          flag('NaN or non-numeric coordinate', ring.at(-1) ?? null);
          unusable = true;
          continue;
        }
        if (x < -180 || x > 180 || y < -90 || y > 90) {
          flag(`coordinate out of range (${x}, ${y})`, null);
          unusable = true;
          continue;
        }
        if (ring.length && ring.at(-1)![0] === x && ring.at(-1)![1] === y) continue;
        ring.push([x, y]);
      }
      if (ring.length === 0) {
        flag('empty ring', null);
        continue;
      }
      const rawPoints = rawRing as number[][];
      const first = rawPoints[0];
      const last = rawPoints[rawPoints.length - 1];
      if (!unusable && (first[0] !== last[0] || first[1] !== last[1])) flag('unclosed ring', ring[0]);
      if (ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]) ring.pop();
      if (ring.length < 3) {
        flag('too few points in ring', ring[0]);
        if (k === 0) break; // without its shell the polygon is gone
        continue;
      }
      ring.push(ring[0]);
      rings.push(oriented(ring, k === 0));
    }
    if (rings.length && polygon.length && rings[0] !== undefined) polygons.push(rings);
  }
  const bbox = boundingBox(polygons);
  if (unusable) return { validity, polygons: [], normalized: [], bbox };
  const crossing = findSelfIntersection(polygons);
  if (crossing) {
    flag(crossing.reason, crossing.point, false);
    return { validity, polygons: repairEvenOdd(polygons), normalized: polygons, bbox };
  }
  const nesting = findNestingProblem(polygons);
  if (nesting) {
    flag(nesting.reason, nesting.point, false);
    return { validity, polygons: repairEvenOdd(polygons), normalized: polygons, bbox };
  }
  return { validity, polygons, normalized: polygons, bbox };
}

export function boundingBox(polygons: PolygonRings[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons)
    for (const p of polygon[0]) {
      if (p[0] < minX) minX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] > maxY) maxY = p[1];
    }
  return [minX, minY, maxX, maxY];
}

interface Segment {
  ring: number;
  index: number;
  ringSize: number;
  a: Position2;
  b: Position2;
}

const orient = (a: Position2, b: Position2, c: Position2) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const within = (a: Position2, b: Position2, p: Position2) =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
const same = (p: Position2, q: Position2) => p[0] === q[0] && p[1] === q[1];

/**
 * Edges that cross or run along each other anywhere in the geometry, or a ring that passes through one
 * of its own vertices again. Rings touching each other at single points are allowed (OGC).
 */
function findSelfIntersection(polygons: PolygonRings[]): { reason: string; point: Position2 } | null {
  const segments: Segment[] = [];
  let ringId = 0;
  for (const polygon of polygons)
    for (const ring of polygon) {
      const size = ring.length - 1;
      for (let i = 0; i < size; i++) segments.push({ ring: ringId, index: i, ringSize: size, a: ring[i], b: ring[i + 1] });
      ringId++;
    }
  if (segments.length < 2) return null;
  const check = (s: Segment, t: Segment): { reason: string; point: Position2 } | null => {
    if (Math.max(s.a[0], s.b[0]) < Math.min(t.a[0], t.b[0]) || Math.max(t.a[0], t.b[0]) < Math.min(s.a[0], s.b[0])) return null;
    if (Math.max(s.a[1], s.b[1]) < Math.min(t.a[1], t.b[1]) || Math.max(t.a[1], t.b[1]) < Math.min(s.a[1], s.b[1])) return null;
    const sameRing = s.ring === t.ring;
    const adjacent = sameRing && (Math.abs(s.index - t.index) === 1 || Math.abs(s.index - t.index) === s.ringSize - 1);
    const d1 = orient(s.a, s.b, t.a);
    const d2 = orient(s.a, s.b, t.b);
    const d3 = orient(t.a, t.b, s.a);
    const d4 = orient(t.a, t.b, s.b);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
      const k = d3 / (d3 - d4);
      return { reason: 'self-intersection', point: [s.a[0] + k * (s.b[0] - s.a[0]), s.a[1] + k * (s.b[1] - s.a[1])] };
    }
    if (d1 === 0 && d2 === 0) {
      // collinear: do they share more than a point?
      const lo = Math.max(Math.min(project(s, s.a), project(s, s.b)), Math.min(project(s, t.a), project(s, t.b)));
      const hi = Math.min(Math.max(project(s, s.a), project(s, s.b)), Math.max(project(s, t.a), project(s, t.b)));
      if (hi > lo) return { reason: 'self-intersection (overlapping edges)', point: t.a };
    }
    if (adjacent) {
      // the shared vertex is fine; a spike folding back onto the previous edge is not (caught above)
      return null;
    }
    const touches: Position2[] = [];
    if (d1 === 0 && within(s.a, s.b, t.a)) touches.push(t.a);
    if (d2 === 0 && within(s.a, s.b, t.b)) touches.push(t.b);
    if (d3 === 0 && within(t.a, t.b, s.a)) touches.push(s.a);
    if (d4 === 0 && within(t.a, t.b, s.b)) touches.push(s.b);
    if (touches.length && sameRing) return { reason: 'ring self-intersection', point: touches[0] };
    return null;
  };
  // small rings: every pair is cheaper than building an index
  if (segments.length <= 48) {
    for (let i = 0; i < segments.length; i++)
      for (let j = i + 1; j < segments.length; j++) {
        const found = check(segments[i], segments[j]);
        if (found) return found;
      }
    return null;
  }
  const index = new Flatbush(segments.length);
  for (const s of segments) index.add(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
  index.finish();
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    for (const j of index.search(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]))) {
      if (j <= i) continue;
      const found = check(s, segments[j]);
      if (found) return found;
    }
  }
  return null;
}

function project(s: Segment, p: Position2): number {
  return (p[0] - s.a[0]) * (s.b[0] - s.a[0]) + (p[1] - s.a[1]) * (s.b[1] - s.a[1]);
}

/** holes outside their shell, and parts of a multipolygon inside one another */
function findNestingProblem(polygons: PolygonRings[]): { reason: string; point: Position2 } | null {
  const probe = (ring: Ring, other: Ring): Position2 | null => {
    // any vertex of `ring` not on `other` tells the side; rings that do not cross are on one side entirely
    for (const p of ring) if (!other.some((q) => same(p, q))) return p;
    return null;
  };
  for (const polygon of polygons) {
    for (const hole of polygon.slice(1)) {
      const p = probe(hole, polygon[0]);
      if (p && !ringContains(polygon[0], p)) return { reason: 'hole lies outside shell', point: p };
    }
    for (let i = 1; i < polygon.length; i++)
      for (let j = 1; j < polygon.length; j++) {
        if (i === j) continue;
        const p = probe(polygon[i], polygon[j]);
        if (p && ringContains(polygon[j], p)) return { reason: 'hole lies inside another hole', point: p };
      }
  }
  for (let i = 0; i < polygons.length; i++)
    for (let j = 0; j < polygons.length; j++) {
      if (i === j) continue;
      const p = probe(polygons[i][0], polygons[j][0]);
      if (p && ringContains(polygons[j][0], p) && !polygons[j].slice(1).some((hole) => ringContains(hole, p)))
        return { reason: 'nested shells (parts of the multipolygon overlap)', point: p };
    }
  return null;
}

/** resolves self-intersections the way ST_MakeValid's linework method does: odd coverage is inside */
function repairEvenOdd(polygons: PolygonRings[]): PolygonRings[] {
  const arrangement = Arrangement.build([{ owner: 0, polygons }], noise.snapDegrees);
  const faces: number[] = [];
  for (let f = 0; f < arrangement.faceCount; f++) if (Math.abs(arrangement.label(f).get(0) ?? 0) % 2 === 1) faces.push(f);
  return arrangement.polygons(faces);
}

// The editor's instant check: one grid was just reshaped; what does the change break? Only two groups can
// change: the grid among its siblings in its parent, and its own children inside it — and within them
// only the area the change touched (the window around every vertex that moved, with its edges). The
// groups are overlaid with just the grids that reach into that window; what lies beyond it is as the
// last full validation left it.
//
// Why leaving the other grids out is safe: a grid that does not reach into the window covers nothing
// inside it, so the only false finding it can cause is a "gap" where it is — entirely outside the
// window, and dropped by keeping only issues that reach into it.
import type { GridId, GridInput, Issue, Position2, ValidationOptions, ValidationResult } from './coverage.types.ts';
import { polygonsCover } from './point.contains.ts';
import { resolveOptions } from './coverage.types.ts';
import { GroupOverlay, gridKey, invalidGeometryIssues, prepareGrid, result, type PreparedCoverage, type PreparedGrid } from './coverage.validate.ts';
import type { PolygonRings } from './planar.arrangement.ts';

type Box = [number, number, number, number];

export function validateGridEdit(coverage: PreparedCoverage, id: GridId, geometry: GridInput['geometry'], options: ValidationOptions = {}): ValidationResult {
  const opts = resolveOptions(options);
  const key = gridKey(id);
  const before = coverage.byKey.get(key);
  if (!before) return { valid: false, issues: [] };
  const edited = prepareGrid({ ...before.grid, geometry }, before.order);
  const issues = invalidGeometryIssues(edited);
  const window = changeWindow(before.geometry.polygons, edited.geometry.polygons);
  if (!window) return result(issues);
  const parentKey = [...coverage.children].find(([, list]) => list.includes(before))?.[0] ?? null;
  const siblings = (coverage.children.get(parentKey) ?? []).map((g) => (g === before ? edited : g));
  issues.push(...windowIssues(siblings, parentKey === null ? null : coverage.byKey.get(parentKey)!, edited, window, opts));
  const own = coverage.children.get(key);
  if (own) issues.push(...windowIssues(own, edited, edited, window, opts));
  return result(issues);
}

function windowIssues(children: PreparedGrid[], parent: PreparedGrid | null, edited: PreparedGrid, window: Box, opts: Required<ValidationOptions>): Issue[] {
  if (parent && parent.geometry.polygons.length === 0) return [];
  const near = children.filter((g) => g.geometry.polygons.length > 0 && (g === edited || intersects(g.geometry.bbox, window)));
  if (near.length === 0) return [];
  return new GroupOverlay(near, parent).issues(opts).filter((issue) => issue.geometry?.type === 'Point' || (issue.geometry && touchesBox(issue.geometry.coordinates as Position2[][] | Position2[][][], window)));
}

/** the box around every vertex that moved, was added or removed, and its neighbours along the ring */
export function changeWindow(before: PolygonRings[], after: PolygonRings[]): Box | null {
  const keys = (polygons: PolygonRings[]) => new Set(polygons.flatMap((p) => p.flatMap((ring) => ring.map(([x, y]) => `${x},${y}`))));
  const a = keys(before);
  const b = keys(after);
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (p: readonly number[]) => {
    box[0] = Math.min(box[0], p[0]);
    box[1] = Math.min(box[1], p[1]);
    box[2] = Math.max(box[2], p[0]);
    box[3] = Math.max(box[3], p[1]);
  };
  const scan = (polygons: PolygonRings[], other: Set<string>) => {
    for (const polygon of polygons)
      for (const ring of polygon)
        for (let i = 0; i < ring.length - 1; i++) {
          if (other.has(`${ring[i][0]},${ring[i][1]}`)) continue;
          grow(ring[i]);
          grow(ring[(i + 1) % (ring.length - 1)]);
          grow(ring[(i - 1 + ring.length - 1) % (ring.length - 1)]);
        }
  };
  scan(before, b);
  scan(after, a);
  // a ring removed or added whole, with all its vertices shared elsewhere, still changes the area
  if (box[0] === Infinity && (before.length !== after.length || before.some((p, i) => p.length !== after[i]?.length))) {
    for (const polygons of [before, after]) for (const p of polygons) for (const ring of p) ring.forEach(grow);
  }
  return box[0] === Infinity ? null : box;
}

const intersects = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Does a (multi)polygon share a point with a box? The gaps that left-out grids fake are their own areas,
 * each in a box apart from the window, so even together (an L around the window) they do not touch it.
 */
export function touchesBox(coordinates: Position2[][] | Position2[][][], box: Box): boolean {
  const polygons = (typeof coordinates[0][0][0] === 'number' ? [coordinates] : coordinates) as Position2[][][];
  const [x0, y0, x1, y1] = box;
  const inBox = (p: Position2) => p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) if (inBox(ring[i]) || segmentCrossesBox(ring[i], ring[i + 1], box)) return true;
    }
    // the box may lie inside the polygon without any edge reaching it
    if (polygonsCover([polygon], [x0, y0])) return true;
  }
  return false;
}

/** Liang–Barsky: does the segment p–q meet the box? */
function segmentCrossesBox(p: Position2, q: Position2, [x0, y0, x1, y1]: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  for (const [pk, qk] of [[-dx, p[0] - x0], [dx, x1 - p[0]], [-dy, p[1] - y0], [dy, y1 - p[1]]]) {
    if (pk === 0) {
      if (qk < 0) return false;
      continue;
    }
    const t = qk / pk;
    if (pk < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

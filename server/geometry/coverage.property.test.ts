// Properties over random partitions: a clipped Voronoi partition of a random convex parent validates
// clean; disturbing it is found, with the disturbed area accounted for; fixing it leaves no error.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateCoverage } from './coverage.validate.ts';
import { proposeFixes } from './coverage.fix.ts';
import { multiPolygonAreaM2, pathLengthM } from './area.geodesic.ts';
import { clippedVoronoi, asGeometry } from '../validation/synthetic.coverage.ts';
import type { GridInput, Position2 } from './coverage.types.ts';
import type { PolygonRings } from './planar.arrangement.ts';
import { Arrangement } from './planar.arrangement.ts';
import { noise } from './coverage.types.ts';

const x0 = 118.78;
const y0 = 32.04;
const size = 0.01; // about 1 km

/** a convex parent: the hull-ordered points on a wobbly circle */
const parentArb = fc.array(fc.double({ min: 0.6, max: 1, noNaN: true }), { minLength: 5, maxLength: 9 }).map((radii): PolygonRings => {
  const ring: Position2[] = radii.map((r, i) => {
    const t = (2 * Math.PI * i) / radii.length;
    return [x0 + (size / 2) * (1 + r * Math.cos(t)), y0 + (size / 2) * (1 + r * Math.sin(t))];
  });
  return [[...ring, ring[0]]];
});
const seedsArb = fc.array(fc.tuple(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true })), { minLength: 3, maxLength: 25 });

export const partitionArb = fc.tuple(parentArb, seedsArb).map(([parent, seeds]) => {
  const cells = clippedVoronoi(parent, seeds.map(([u, v]) => [x0 + u * size, y0 + v * size]));
  const grids: GridInput[] = [
    { id: 'P', level: 1, parent_id: null, geometry: asGeometry([parent]) },
    ...cells.map((polygons, i) => ({ id: `c${i}`, level: 2, parent_id: 'P', geometry: asGeometry(polygons), worker_id: 1 })),
  ];
  return grids;
});

const polygonsOf = (g: GridInput) => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as PolygonRings[];

/** a vertex of one cell that another cell shares, moved by up to ~25 m in that cell only */
export function moveSharedVertex(grids: GridInput[], pick: number, dx: number, dy: number): { grids: GridInput[]; before: PolygonRings[]; after: PolygonRings[] } | null {
  const cells = grids.filter((g) => g.level === 2);
  const cell = cells[pick % cells.length];
  const others = new Set(cells.filter((c) => c !== cell).flatMap((c) => polygonsOf(c).flatMap((p) => p.flatMap((r) => r.map(([x, y]) => `${x},${y}`)))));
  const before = polygonsOf(cell);
  const ring = before[0][0];
  const k = ring.slice(0, -1).findIndex(([x, y]) => others.has(`${x},${y}`));
  if (k < 0) return null;
  const after = structuredClone(before);
  const moved: Position2 = [ring[k][0] + dx, ring[k][1] + dy];
  after[0][0][k] = moved;
  if (k === 0) after[0][0][after[0][0].length - 1] = moved;
  return { grids: grids.map((g) => (g === cell ? { ...g, geometry: asGeometry(after) } : g)), before, after };
}

/** area of the symmetric difference, from the core's own arrangement (the DB test checks it against PostGIS) */
function symmetricDifferenceM2(a: PolygonRings[], b: PolygonRings[]): number {
  const arrangement = Arrangement.build([{ owner: 0, polygons: a }, { owner: 1, polygons: b }], noise.snapDegrees);
  let area = 0;
  for (let f = 0; f < arrangement.faceCount; f++) if (!arrangement.label(f).get(0) !== !arrangement.label(f).get(1)) area += arrangement.faceAreaM2(f);
  return area;
}

const meanWidthM = (g: GridInput) => {
  const polygons = polygonsOf(g);
  const perimeter = polygons.flat().reduce((sum, ring) => sum + pathLengthM(ring), 0);
  return (2 * multiPolygonAreaM2(polygons)) / perimeter;
};

const shiftArb = fc.tuple(fc.nat(), fc.double({ min: -25, max: 25, noNaN: true }), fc.double({ min: -25, max: 25, noNaN: true }));
const geometric = new Set(['overlap', 'gap', 'outside_parent']);

describe('coverage properties', () => {
  it('random clipped Voronoi partitions validate clean', () => {
    fc.assert(
      fc.property(partitionArb, (grids) => {
        const result = validateCoverage(grids);
        expect(result.issues).toEqual([]);
        // and the cells add up to the parent (to 1e-5: a vertex put on a straight lon/lat edge is off the
        // geodesic between its ends, so splitting an edge changes its geodesic area a little)
        const cells = grids.slice(1).reduce((s, g) => s + multiPolygonAreaM2(polygonsOf(g)), 0);
        const parent = multiPolygonAreaM2(polygonsOf(grids[0]));
        expect(Math.abs(cells - parent)).toBeLessThan(1e-5 * parent);
      }),
      { numRuns: 60 },
    );
  });

  it('moving one shared vertex is found: the issues add up to the area that moved', () => {
    fc.assert(
      fc.property(partitionArb, shiftArb, (grids, [pick, east, north]) => {
        fc.pre(Math.hypot(east, north) > 3);
        const moved = moveSharedVertex(grids, pick, east / 94_400, north / 111_000);
        fc.pre(moved !== null);
        const result = validateCoverage(moved!.grids);
        fc.pre(!result.issues.some((i) => i.type === 'invalid_geometry')); // a fold-over is another test
        const found = result.issues.filter((i) => geometric.has(i.type)).reduce((s, i) => s + i.area_m2, 0);
        const expected = symmetricDifferenceM2(moved!.before, moved!.after);
        expect(found).toBeGreaterThan(0);
        expect(Math.abs(found - expected)).toBeLessThanOrEqual(0.01 * expected + 0.01);
      }),
      { numRuns: 60 },
    );
  });

  it('applying the fix proposals leaves no error', () => {
    fc.assert(
      fc.property(partitionArb, shiftArb, fc.boolean(), (grids, [pick, east, north], shiftWhole) => {
        // a grid narrower than the disturbance can be pushed wholly out of its place, and then nothing
        // says where it belongs; real grids are tens of metres wide at least
        fc.pre(grids.every((g) => meanWidthM(g) > 30));
        let disturbed: GridInput[];
        if (shiftWhole) {
          const cells = grids.filter((g) => g.level === 2);
          const cell = cells[pick % cells.length];
          const polygons = polygonsOf(cell).map((p) => p.map((r) => r.map(([x, y]) => [x + east / 94_400, y + north / 111_000] as Position2)));
          disturbed = grids.map((g) => (g === cell ? { ...g, geometry: asGeometry(polygons) } : g));
        } else {
          const moved = moveSharedVertex(grids, pick, east / 94_400, north / 111_000);
          fc.pre(moved !== null);
          disturbed = moved!.grids;
        }
        // a grid squashed to nothing has no area a fix could give back
        fc.pre(disturbed.every((g) => multiPolygonAreaM2(polygonsOf(g)) > 1));
        const fixed = proposeFixes(disturbed);
        const errors = validateCoverage(fixed.grids).issues.filter((i) => i.severity === 'error');
        expect(errors).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

// Properties over random partitions: a clipped Voronoi partition of a random convex parent validates
// clean; disturbing it is found, with the disturbed area accounted for; fixing it leaves no error.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateCoverage } from './coverage.validate.ts';
import { proposeFixes } from './coverage.fix.ts';
import { multiPolygonAreaM2 } from './area.geodesic.ts';
import { asGeometry } from '../validation/synthetic.coverage.ts';
import { meanWidthM, moveSharedVertex, partitionArb, polygonsOf } from '../validation/partition.arbitrary.ts';
import type { GridInput, Position2 } from './coverage.types.ts';
import type { PolygonRings } from './planar.arrangement.ts';
import { Arrangement } from './planar.arrangement.ts';
import { noise } from './coverage.types.ts';

/** area of the symmetric difference, from the core's own arrangement (the DB test checks it against PostGIS) */
function symmetricDifferenceM2(a: PolygonRings[], b: PolygonRings[]): number {
  const arrangement = Arrangement.build([{ owner: 0, polygons: a }, { owner: 1, polygons: b }], noise.snapDegrees);
  let area = 0;
  for (let f = 0; f < arrangement.faceCount; f++) if (!arrangement.label(f).get(0) !== !arrangement.label(f).get(1)) area += arrangement.faceAreaM2(f);
  return area;
}

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

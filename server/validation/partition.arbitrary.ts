// Random valid partitions for property tests: Voronoi cells of random seeds clipped to a random convex
// parent, and the disturbance of moving one shared vertex in one cell only.
import fc from 'fast-check';
import { multiPolygonAreaM2, pathLengthM } from '../geometry/area.geodesic.ts';
import type { GridInput, Position2 } from '../geometry/coverage.types.ts';
import type { PolygonRings } from '../geometry/planar.arrangement.ts';
import { asGeometry, clippedVoronoi } from './synthetic.coverage.ts';

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

export const polygonsOf = (g: GridInput) => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as PolygonRings[];

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


/** 2·area / perimeter: how wide a grid is on average, in metres */
export const meanWidthM = (g: GridInput) => {
  const polygons = polygonsOf(g);
  const perimeter = polygons.flat().reduce((sum, ring) => sum + pathLengthM(ring), 0);
  return (2 * multiPolygonAreaM2(polygons)) / perimeter;
};

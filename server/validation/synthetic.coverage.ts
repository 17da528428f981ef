// Nested coverages for tests and benchmarks, of any size: the deepest grids are Voronoi cells of random
// seeds (adjacent cells share their edges exactly), each level above is the union of the clusters of
// cells nearest to fewer seeds. Edges can be densified (the same points on both sides of an edge), so a
// grid has as many vertices as a surveyed one. Pure and deterministic for a seed.
import { voronoi } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { BuildingInput, GridInput, Position2 } from '../geometry/coverage.types.ts';
import { Arrangement, ringContains, type PolygonRings } from '../geometry/planar.arrangement.ts';
import { noise } from '../geometry/coverage.types.ts';
import { seededRandom } from '../demo/seeded.random.ts';

export interface SyntheticOptions {
  /** grids per level, top first, e.g. [13, 255, 3052] */
  counts: number[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox?: [number, number, number, number];
  /** extra vertices per Voronoi edge */
  densify?: number;
  buildingsPerLeaf?: number;
  seed?: number;
}

/**
 * Voronoi cells of the seeds inside the box. d3's Voronoi drops edges shorter than 1e-6 of its units;
 * in degrees that is 0.1 m and leaves slivers between cells, so it runs on coordinates scaled ×1e5
 * (1 unit ≈ 1 m), then scales back. It throws on some degenerate seed sets: nudge the seeds and retry.
 */
function robustVoronoi(seeds: Position2[], bbox: [number, number, number, number]): Position2[][][] {
  const [ox, oy] = [bbox[0], bbox[1]];
  const k = 1e5;
  const box: [number, number, number, number] = [0, 0, (bbox[2] - ox) * k, (bbox[3] - oy) * k];
  for (let attempt = 0; ; attempt++) {
    const nudge = attempt * attempt * 1e-2;
    const scaled = seeds.map(([x, y], i) => [(x - ox) * k + nudge * Math.sin(i + 1), (y - oy) * k + nudge * Math.cos(i + 1)]);
    try {
      const cells = voronoi({ type: 'FeatureCollection', features: scaled.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } })) }, { bbox: box });
      return cells.features.map((f) => (f ? (f.geometry.coordinates as Position2[][]).map((ring) => ring.map(([u, v]) => [ox + u / k, oy + v / k] as Position2)) : []));
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

/** splits an edge into equal parts, computed from its lexicographically smaller end so both sides agree */
function densifyRing(ring: Position2[], parts: number): Position2[] {
  if (parts <= 1) return ring;
  const out: Position2[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i];
    const q = ring[i + 1];
    out.push(p);
    const forward = p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]);
    const [s, e] = forward ? [p, q] : [q, p];
    const inner: Position2[] = [];
    for (let k = 1; k < parts; k++) inner.push([s[0] + ((e[0] - s[0]) * k) / parts, s[1] + ((e[1] - s[1]) * k) / parts]);
    out.push(...(forward ? inner : inner.reverse()));
  }
  out.push(ring[0]);
  return out;
}

/** union of polygons that share edges exactly: the faces any of them covers */
export function unionOfTiles(polygons: PolygonRings[]): PolygonRings[] {
  const arrangement = Arrangement.build([{ owner: 0, polygons }], noise.snapDegrees);
  const faces: number[] = [];
  for (let f = 0; f < arrangement.faceCount; f++) if ((arrangement.label(f).get(0) ?? 0) !== 0) faces.push(f);
  return arrangement.polygons(faces);
}

export const asGeometry = (polygons: PolygonRings[]): Polygon | MultiPolygon =>
  polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };

export function syntheticCoverage(options: SyntheticOptions): { grids: GridInput[]; buildings: BuildingInput[] } {
  const { counts, bbox = [118.76, 32.02, 118.80, 32.055], densify = 1, buildingsPerLeaf = 4, seed = 1 } = options;
  const random = seededRandom(seed, 'synthetic-coverage').next;
  const [minX, minY, maxX, maxY] = bbox;
  const point = (): Position2 => [minX + random() * (maxX - minX), minY + random() * (maxY - minY)];
  const deepest = counts.length - 1;
  const leafSeeds = Array.from({ length: counts[deepest] }, point);
  const cells = robustVoronoi(leafSeeds, bbox);
  let units: { seed: Position2; polygons: PolygonRings[] }[] = cells.map((rings, i) => ({
    seed: leafSeeds[i],
    polygons: [[densifyRing(rings[0], densify)]],
  }));
  // levels from the deepest up: each grid is the union of the units nearest to its seed
  const levels: { seed: Position2; polygons: PolygonRings[]; members: number[] }[][] = [];
  levels[deepest] = units.map((u, i) => ({ ...u, members: [i] }));
  for (let level = deepest - 1; level >= 0; level--) {
    const seeds = units.map((u) => u.seed).filter((_, i) => i % Math.max(1, Math.round(units.length / counts[level])) === 0).slice(0, counts[level]);
    while (seeds.length < counts[level]) seeds.push(point());
    const members: number[][] = seeds.map(() => []);
    units.forEach((u, i) => {
      let best = 0;
      let bestD = Infinity;
      seeds.forEach((s, k) => {
        const dd = (s[0] - u.seed[0]) ** 2 + (s[1] - u.seed[1]) ** 2;
        if (dd < bestD) (bestD = dd), (best = k);
      });
      members[best].push(i);
    });
    const grids = seeds
      .map((s, k) => ({ seed: s, members: members[k], polygons: members[k].length ? unionOfTiles(members[k].flatMap((i) => units[i].polygons)) : [] }))
      .filter((g) => g.members.length > 0);
    levels[level] = grids;
    units = grids;
  }
  const grids: GridInput[] = [];
  const ids: number[][] = [];
  let next = 1;
  for (let level = 0; level <= deepest; level++) ids[level] = levels[level].map(() => next++);
  for (let level = 0; level <= deepest; level++) {
    const parentOf = new Map<number, number>();
    if (level < deepest) levels[level].forEach((g, k) => g.members.forEach((m) => parentOf.set(m, ids[level][k])));
    levels[level].forEach((g, k) => {
      grids.push({ id: ids[level][k], level: level + 1, parent_id: null, geometry: asGeometry(g.polygons), name: `L${level + 1}-${k + 1}`, worker_id: level + 1 === 2 ? 1000 + k : null });
    });
    if (level > 0) {
      const parentIds = new Map<number, number>();
      levels[level - 1].forEach((g, k) => g.members.forEach((m) => parentIds.set(m, ids[level - 1][k])));
      for (let k = 0; k < levels[level].length; k++) grids.find((gr) => gr.id === ids[level][k])!.parent_id = parentIds.get(k)!;
    }
  }
  const buildings: BuildingInput[] = [];
  let b = 1;
  for (const leaf of levels[deepest]) {
    const ring = leaf.polygons[0][0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    for (let k = 0; k < buildingsPerLeaf; k++) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const p: Position2 = [Math.min(...xs) + random() * (Math.max(...xs) - Math.min(...xs)), Math.min(...ys) + random() * (Math.max(...ys) - Math.min(...ys))];
        if (!ringContains(ring, p)) continue;
        buildings.push({ id: b++, lon: p[0], lat: p[1], households: 10 + Math.floor(random() * 50) });
        break;
      }
    }
  }
  return { grids, buildings };
}

/**
 * Voronoi cells of the seeds clipped to a parent polygon: a valid partition of the parent whose cells
 * share edges exactly (the clipping happens on one arrangement, so a cut edge has the same points on
 * both sides).
 */
export function clippedVoronoi(parent: PolygonRings, allSeeds: Position2[]): PolygonRings[][] {
  // seeds closer than ~1 m make degenerate cells
  const seen = new Set<string>();
  const seeds = allSeeds.filter(([x, y]) => {
    const key = `${Math.round(x * 1e5)},${Math.round(y * 1e5)}`;
    return !seen.has(key) && (seen.add(key), true);
  });
  const xs = parent[0].map((p) => p[0]);
  const ys = parent[0].map((p) => p[1]);
  // the Voronoi extent reaches well past the parent, so that clipping, not the extent, makes the border
  const margin = (Math.max(...xs) - Math.min(...xs) + Math.max(...ys) - Math.min(...ys)) * 0.05;
  const bbox: [number, number, number, number] = [Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin];
  const cells = robustVoronoi(seeds, bbox);
  const layers = cells.filter((rings) => rings.length).map((rings, i) => ({ owner: i, polygons: [rings] }));
  const parentOwner = layers.length;
  const arrangement = Arrangement.build([...layers, { owner: parentOwner, polygons: [parent] }], noise.snapDegrees);
  const faces: number[][] = layers.map(() => []);
  for (let f = 0; f < arrangement.faceCount; f++) {
    const label = arrangement.label(f);
    if (!label.get(parentOwner)) continue;
    for (const [owner, count] of label) if (owner !== parentOwner && count) faces[owner].push(f);
  }
  return faces.filter((list) => list.length).map((list) => arrangement.polygons(list));
}

// Reads MVT bytes back the way a map client does (@mapbox/vector-tile), into plain values to compare.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { FastifyInstance } from 'fastify';
import type { TileCoords } from '../../../server/tiles/tile.coords.ts';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, string | number | boolean>;
  /** rings (polygons), lines, or one list of points, in tile units */
  geometry: Array<Array<{ x: number; y: number }>>;
}

export type DecodedTile = Record<string, DecodedFeature[]>;

export function decodeTile(bytes: Uint8Array): DecodedTile {
  const tile = new VectorTile(new PbfReader(bytes));
  const layers: DecodedTile = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    layers[name] = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      layers[name].push({
        id: feature.id,
        type: feature.type,
        properties: { ...feature.properties },
        geometry: feature.loadGeometry().map((ring) => ring.map(({ x, y }) => ({ x, y }))),
      });
    }
  }
  return layers;
}

/** GET a tile through the app; `decoded` is empty for a 204. */
export async function getTile(app: FastifyInstance, layer: string, { z, x, y }: TileCoords, query = '') {
  const res = await app.inject(`/tiles/${layer}/${z}/${x}/${y}.mvt${query}`);
  return { res, decoded: res.statusCode === 200 ? decodeTile(res.rawPayload) : ({} as DecodedTile) };
}

export const featureIds = (tile: DecodedTile, layer: string) => (tile[layer] ?? []).map((f) => f.id).sort((a, b) => a! - b!);

/** Surveyor's formula in tile units (y down): positive for MVT exterior rings, negative for holes. */
export function ringArea(ring: Array<{ x: number; y: number }>): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
  return sum / 2;
}

/** A polygon feature's area in square tile units: exteriors minus holes. */
export const polygonArea = (feature: DecodedFeature) => feature.geometry.reduce((sum, ring) => sum + ringArea(ring), 0);

export function lineLength(feature: DecodedFeature): number {
  let length = 0;
  for (const line of feature.geometry) for (let i = 1; i < line.length; i++) length += Math.hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  return length;
}

export function bbox(feature: DecodedFeature): [number, number, number, number] {
  const points = feature.geometry.flat();
  return [Math.min(...points.map((p) => p.x)), Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.x)), Math.max(...points.map((p) => p.y))];
}

type P = { x: number; y: number };

function distanceToSegment(p: P, a: P, b: P): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Farthest any vertex of one feature lies from the other's lines or rings, both ways (Hausdorff on vertices). */
export function boundaryDistance(a: DecodedFeature, b: DecodedFeature): number {
  const directed = (from: DecodedFeature, to: DecodedFeature) => {
    const segments: Array<[P, P]> = [];
    for (const part of to.geometry) {
      if (part.length === 1) segments.push([part[0], part[0]]);
      for (let i = 1; i < part.length; i++) segments.push([part[i - 1], part[i]]);
      if (to.type === 3 && part.length > 1) segments.push([part[part.length - 1], part[0]]);
    }
    let worst = 0;
    for (const p of from.geometry.flat()) {
      let nearest = Infinity;
      for (const [s, e] of segments) nearest = Math.min(nearest, distanceToSegment(p, s, e));
      worst = Math.max(worst, nearest);
    }
    return worst;
  };
  return Math.max(directed(a, b), directed(b, a));
}

export function perimeter(feature: DecodedFeature): number {
  let sum = 0;
  for (const ring of feature.geometry) for (let i = 0; i < ring.length; i++) {
    const [p, q] = [ring[i], ring[(i + 1) % ring.length]];
    sum += Math.hypot(q.x - p.x, q.y - p.y);
  }
  return sum;
}

/**
 * The same rings regardless of where each starts or the order of parts: vector-tile-js closes every
 * ring with its first point, and two encoders may start a ring at different vertices.
 */
export function sameShape(a: DecodedFeature, b: DecodedFeature): boolean {
  const normal = (f: DecodedFeature) =>
    f.geometry
      .map((ring) => {
        const points = ring.map((p) => `${p.x} ${p.y}`);
        if (f.type === 3 && points.length > 1 && points[0] === points[points.length - 1]) points.pop();
        if (f.type !== 3) return points.join(',');
        const start = points.indexOf([...points].sort()[0]);
        return [...points.slice(start), ...points.slice(0, start)].join(',');
      })
      .sort()
      .join('|');
  return normal(a) === normal(b);
}

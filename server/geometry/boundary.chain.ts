// The fast proof that a group of siblings tiles its parent exactly. Give every child's boundary +1 and
// the parent's −1, oriented (shells counter-clockwise, holes clockwise). Σ children − parent is then a
// function that is 0 everywhere exactly when there is no overlap, no gap and nothing outside the parent,
// and its boundary is the sum of those oriented edges — so if every edge cancels, the group is clean.
// Shared edges cancel with their neighbour's reverse edge; an edge on the parent's border cancels with
// the parent's. Edges that carry an extra vertex on one side only are split at it and compared again.
// A group that fails is not necessarily wrong (it may be noise); the arrangement decides.
import Flatbush from 'flatbush';
import type { PolygonRings } from './planar.arrangement.ts';
import { noise } from './coverage.types.ts';

interface Leftover {
  u: number;
  v: number;
  weight: number;
}

export function boundariesCancel(children: PolygonRings[][], parent: PolygonRings[]): boolean {
  const xs: number[] = [];
  const ys: number[] = [];
  const vertex = vertexIds(children, parent, xs, ys);
  const net = new Map<number, number>();
  const add = (a: number, b: number, weight: number) => {
    if (a === b) return;
    const key = a < b ? a * CELLS + b : b * CELLS + a;
    const sum = (net.get(key) ?? 0) + (a < b ? weight : -weight);
    if (sum === 0) net.delete(key);
    else net.set(key, sum);
  };
  const addPolygons = (polygons: PolygonRings[], weight: number) => {
    for (const polygon of polygons)
      for (const ring of polygon) {
        let prev = vertex(ring[0][0], ring[0][1]);
        for (let i = 1; i < ring.length; i++) {
          const v = vertex(ring[i][0], ring[i][1]);
          add(prev, v, weight);
          prev = v;
        }
      }
  };
  for (const child of children) addPolygons(child, 1);
  addPolygons(parent, -1);
  if (net.size === 0) return true;
  if (xs.length >= 2 ** 26) return false;
  return leftoversCancel(
    [...net].map(([key, weight]) => ({ u: Math.floor(key / 2 ** 26), v: key % 2 ** 26, weight })),
    xs,
    ys,
  );
}

const CELLS = 2 ** 26;

/**
 * Vertex ids by position rounded to the snap distance. Within a group of ordinary size (< 0.067°, about
 * 7 km) the rounded position packs into one number, which is several times faster than a string key.
 */
function vertexIds(children: PolygonRings[][], parent: PolygonRings[], xs: number[], ys: number[]): (x: number, y: number) => number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of parent.flatMap((p) => p))
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  const scale = 1 / noise.snapDegrees;
  const remember = (x: number, y: number) => {
    xs.push(x);
    ys.push(y);
    return xs.length - 1;
  };
  // children reaching far outside their parent do not fit the packed keys; neither does a huge parent
  const margin = (maxX - minX + maxY - minY) * 0.5 + 1e-6;
  const fits = (maxX - minX + 2 * margin) * scale < CELLS - 2 && (maxY - minY + 2 * margin) * scale < CELLS - 2;
  if (fits) {
    const ox = minX - margin;
    const oy = minY - margin;
    const packed = new Map<number, number>();
    const strings = new Map<string, number>();
    return (x, y) => {
      const kx = Math.round((x - ox) * scale);
      const ky = Math.round((y - oy) * scale);
      if (kx < 0 || ky < 0 || kx >= CELLS || ky >= CELLS) {
        const key = `${kx},${ky}`;
        const known = strings.get(key);
        return known ?? (strings.set(key, xs.length), remember(x, y));
      }
      const key = kx * CELLS + ky;
      const known = packed.get(key);
      return known ?? (packed.set(key, xs.length), remember(x, y));
    };
  }
  const ids = new Map<string, number>();
  return (x, y) => {
    const key = `${Math.round(x * scale)},${Math.round(y * scale)}`;
    const known = ids.get(key);
    return known ?? (ids.set(key, xs.length), remember(x, y));
  };
}

/** splits the edges that did not cancel at each other's vertices lying on them, then sums again */
function leftoversCancel(edges: Leftover[], xs: number[], ys: number[]): boolean {
  const vertices = [...new Set(edges.flatMap((e) => [e.u, e.v]))];
  const index = new Flatbush(vertices.length);
  for (const v of vertices) index.add(xs[v], ys[v], xs[v], ys[v]);
  index.finish();
  const tol = noise.snapDegrees;
  const net = new Map<number, number>();
  const add = (a: number, b: number, weight: number) => {
    const [key, w] = a < b ? [a * 2 ** 26 + b, weight] : [b * 2 ** 26 + a, -weight];
    const sum = (net.get(key) ?? 0) + w;
    if (sum === 0) net.delete(key);
    else net.set(key, sum);
  };
  for (const { u, v, weight } of edges) {
    const dx = xs[v] - xs[u];
    const dy = ys[v] - ys[u];
    const len2 = dx * dx + dy * dy;
    const on: { p: number; t: number }[] = [];
    for (const k of index.search(Math.min(xs[u], xs[v]) - tol, Math.min(ys[u], ys[v]) - tol, Math.max(xs[u], xs[v]) + tol, Math.max(ys[u], ys[v]) + tol)) {
      const p = vertices[k];
      if (p === u || p === v) continue;
      const px = xs[p] - xs[u];
      const py = ys[p] - ys[u];
      const t = (px * dx + py * dy) / len2;
      const cross = dx * py - dy * px;
      if (t > 0 && t < 1 && (cross * cross) / len2 <= tol * tol) on.push({ p, t });
    }
    on.sort((a, b) => a.t - b.t);
    let prev = u;
    for (const { p } of on) {
      add(prev, p, weight);
      prev = p;
    }
    add(prev, v, weight);
  }
  return net.size === 0;
}

// The planar arrangement of a few polygon layers: every edge of every layer, noded against every other
// (crossings and collinear overlaps split, vertices closer than the snap distance merged), and the faces
// between them, each labelled with how many times each layer covers it.
//
// This is the overlay that coverage validation and fixing need in one pass: a face covered by two
// siblings is an overlap, a face of the parent covered by no child a gap, a face of a child outside the
// parent an outside part — and a fix is just a new owner per face, from which grids are traced back.
// Plain floating point with snapping is enough here because a face thinner than the snap distance is
// noise by definition (see `noise` in coverage.types.ts).
import Flatbush from 'flatbush';
import { ringAreaM2, segmentLengthM } from './area.geodesic.ts';
import type { Position2 } from './coverage.types.ts';

export type Ring = Position2[];
export type PolygonRings = Ring[];

export interface ArrangementLayer {
  /** small non-negative integer naming the layer in face labels */
  owner: number;
  /** closed rings; orientation does not matter (labels follow each ring's winding) */
  polygons: PolygonRings[];
}

export const UNBOUNDED = -1;
const VMAX = 2 ** 24;
const CELLS = 2 ** 26;

export class Arrangement {
  // vertices: local coordinates (relative to the origin, for precision) and the absolute ones to output
  private readonly lx: number[] = [];
  private readonly ly: number[] = [];
  private readonly ax: number[] = [];
  private readonly ay: number[] = [];
  private readonly cells = new Map<number | string, number[]>();
  private readonly ox: number;
  private readonly oy: number;
  private readonly cellSize: number;

  // edges after noding: e → half-edges 2e (u→v) and 2e+1 (v→u); deltas are counts in the u→v direction
  private eu: number[] = [];
  private ev: number[] = [];
  private edelta: number[][] = [];

  private next: Int32Array = new Int32Array(0);
  private cycleOf: Int32Array = new Int32Array(0);
  /** face of each cycle: bounded faces are 0..faceCount-1; a component's outer cycle maps to its enclosing face */
  private cycleFace: number[] = [];
  private cycleStart: number[] = [];
  private cycleSigned: number[] = [];
  private faceCycles: number[][] = [];
  private labels: Map<number, number>[] = [];
  private readonly unboundedLabel = new Map<number, number>();
  faceCount = 0;

  private constructor(
    layers: ArrangementLayer[],
    private readonly snap: number,
  ) {
    let ox = Infinity;
    let oy = Infinity;
    for (const layer of layers)
      for (const polygon of layer.polygons)
        for (const ring of polygon)
          for (const p of ring) {
            if (p[0] < ox) ox = p[0];
            if (p[1] < oy) oy = p[1];
          }
    this.ox = Number.isFinite(ox) ? ox : 0;
    this.oy = Number.isFinite(oy) ? oy : 0;
    this.cellSize = snap * 4;
  }

  static build(layers: ArrangementLayer[], snap: number): Arrangement {
    const arrangement = new Arrangement(layers, snap);
    arrangement.node(layers);
    arrangement.buildFaces();
    return arrangement;
  }

  // ---------------------------------------------------------------- vertices

  private cellKey(ix: number, iy: number): number | string {
    return ix >= 0 && iy >= 0 && ix < CELLS && iy < CELLS ? ix * CELLS + iy : `${ix},${iy}`;
  }

  private vertex(x: number, y: number, lxv = x - this.ox, lyv = y - this.oy): number {
    const fx = lxv / this.cellSize;
    const fy = lyv / this.cellSize;
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const snap2 = this.snap * this.snap;
    const find = (cx: number, cy: number) => {
      const bucket = this.cells.get(this.cellKey(cx, cy));
      if (bucket)
        for (const id of bucket) {
          const ddx = this.lx[id] - lxv;
          const ddy = this.ly[id] - lyv;
          if (ddx * ddx + ddy * ddy <= snap2) return id;
        }
      return -1;
    };
    let found = find(ix, iy);
    // neighbouring cells only matter within the snap distance of this cell's sides (a quarter cell)
    const nearX = fx - ix < 0.25 ? -1 : fx - ix > 0.75 ? 1 : 0;
    const nearY = fy - iy < 0.25 ? -1 : fy - iy > 0.75 ? 1 : 0;
    if (found < 0 && nearX) found = find(ix + nearX, iy);
    if (found < 0 && nearY) found = find(ix, iy + nearY);
    if (found < 0 && nearX && nearY) found = find(ix + nearX, iy + nearY);
    if (found >= 0) return found;
    const id = this.lx.length;
    this.lx.push(lxv);
    this.ly.push(lyv);
    this.ax.push(x);
    this.ay.push(y);
    const key = this.cellKey(ix, iy);
    const bucket = this.cells.get(key);
    if (bucket) bucket.push(id);
    else this.cells.set(key, [id]);
    return id;
  }

  /** p strictly inside segment a–b, within the snap distance of it */
  private onInterior(p: number, a: number, b: number): boolean {
    if (p === a || p === b) return false;
    const { lx, ly } = this;
    const dx = lx[b] - lx[a];
    const dy = ly[b] - ly[a];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) return false;
    const px = lx[p] - lx[a];
    const py = ly[p] - ly[a];
    const t = (px * dx + py * dy) / len2;
    if (t <= 0 || t >= 1) return false;
    const cross = dx * py - dy * px;
    return (cross * cross) / len2 <= this.snap * this.snap;
  }

  // ---------------------------------------------------------------- noding

  private node(layers: ArrangementLayer[]): void {
    const sa: number[] = [];
    const sb: number[] = [];
    const sOwner: number[] = [];
    for (const layer of layers)
      for (const polygon of layer.polygons)
        for (const ring of polygon) {
          let prev = -1;
          let first = -1;
          for (const p of ring) {
            const v = this.vertex(p[0], p[1]);
            if (first < 0) first = v;
            if (prev >= 0 && v !== prev) {
              sa.push(prev);
              sb.push(v);
              sOwner.push(layer.owner);
            }
            prev = v;
          }
          if (prev >= 0 && prev !== first) {
            sa.push(prev);
            sb.push(first);
            sOwner.push(layer.owner);
          }
        }
    const n = sa.length;
    const splits: number[][] = Array.from({ length: n }, () => []);
    if (n === 0) return;
    const { lx, ly } = this;
    const pad = this.snap;
    const index = new Flatbush(n);
    for (let i = 0; i < n; i++) {
      const a = sa[i];
      const b = sb[i];
      index.add(Math.min(lx[a], lx[b]) - pad, Math.min(ly[a], ly[b]) - pad, Math.max(lx[a], lx[b]) + pad, Math.max(ly[a], ly[b]) + pad);
    }
    index.finish();
    const crossings: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = sa[i];
      const b = sb[i];
      const hits = index.search(Math.min(lx[a], lx[b]) - pad, Math.min(ly[a], ly[b]) - pad, Math.max(lx[a], lx[b]) + pad, Math.max(ly[a], ly[b]) + pad);
      for (const j of hits) {
        if (j <= i) continue;
        const c = sa[j];
        const d = sb[j];
        if ((a === c && b === d) || (a === d && b === c)) continue;
        let touched = false;
        if (this.onInterior(c, a, b)) (splits[i].push(c), (touched = true));
        if (this.onInterior(d, a, b)) (splits[i].push(d), (touched = true));
        if (this.onInterior(a, c, d)) (splits[j].push(a), (touched = true));
        if (this.onInterior(b, c, d)) (splits[j].push(b), (touched = true));
        if (touched || a === c || a === d || b === c || b === d) continue;
        const x = this.crossing(a, b, c, d);
        if (x === null) continue;
        const v = this.vertex(this.ox + x[0], this.oy + x[1], x[0], x[1]);
        if (v !== a && v !== b) splits[i].push(v);
        if (v !== c && v !== d) splits[j].push(v);
        crossings.push(v);
      }
    }
    // A crossing point, once rounded, may lie on a third edge that passes through the same spot.
    for (const v of crossings) {
      for (const s of index.search(lx[v] - pad, ly[v] - pad, lx[v] + pad, ly[v] + pad)) {
        if (!splits[s].includes(v) && this.onInterior(v, sa[s], sb[s])) splits[s].push(v);
      }
    }
    const edges = new Map<number, number>();
    const addEdge = (from: number, to: number, owner: number) => {
      const u = Math.min(from, to);
      const v = Math.max(from, to);
      const key = u * VMAX + v;
      let e = edges.get(key);
      if (e === undefined) {
        e = this.eu.length;
        edges.set(key, e);
        this.eu.push(u);
        this.ev.push(v);
        this.edelta.push([]);
      }
      const delta = this.edelta[e];
      const sign = from === u ? 1 : -1;
      for (let k = 0; k < delta.length; k += 2)
        if (delta[k] === owner) {
          delta[k + 1] += sign;
          return;
        }
      delta.push(owner, sign);
    };
    for (let i = 0; i < n; i++) {
      const a = sa[i];
      const b = sb[i];
      const owner = sOwner[i];
      if (splits[i].length === 0) {
        addEdge(a, b, owner);
        continue;
      }
      const dx = lx[b] - lx[a];
      const dy = ly[b] - ly[a];
      const along = [...new Set(splits[i])].map((p) => ({ p, t: (lx[p] - lx[a]) * dx + (ly[p] - ly[a]) * dy }));
      along.sort((p, q) => p.t - q.t);
      let prev = a;
      for (const { p } of along) {
        if (p !== prev) addEdge(prev, p, owner);
        prev = p;
      }
      if (prev !== b) addEdge(prev, b, owner);
    }
    // Edges whose layers cancel (a ring running back over itself) separate nothing.
    const keep = this.edelta.map((d) => d.some((c, k) => k % 2 === 1 && c !== 0));
    this.eu = this.eu.filter((_, e) => keep[e]);
    this.ev = this.ev.filter((_, e) => keep[e]);
    this.edelta = this.edelta.filter((_, e) => keep[e]).map((d) => d.filter((_, k) => k % 2 === 1 ? d[k] !== 0 : d[k + 1] !== 0));
  }

  private crossing(a: number, b: number, c: number, d: number): Position2 | null {
    const { lx, ly } = this;
    const abx = lx[b] - lx[a];
    const aby = ly[b] - ly[a];
    const cdx = lx[d] - lx[c];
    const cdy = ly[d] - ly[c];
    const d1 = abx * (ly[c] - ly[a]) - aby * (lx[c] - lx[a]);
    const d2 = abx * (ly[d] - ly[a]) - aby * (lx[d] - lx[a]);
    if (d1 === 0 || d2 === 0 || d1 > 0 === d2 > 0) return null;
    const d3 = cdx * (ly[a] - ly[c]) - cdy * (lx[a] - lx[c]);
    const d4 = cdx * (ly[b] - ly[c]) - cdy * (lx[b] - lx[c]);
    if (d3 === 0 || d4 === 0 || d3 > 0 === d4 > 0) return null;
    const t = d3 / (d3 - d4);
    return [lx[a] + t * abx, ly[a] + t * aby];
  }

  // ---------------------------------------------------------------- faces

  private origin(h: number): number {
    return h & 1 ? this.ev[h >> 1] : this.eu[h >> 1];
  }

  private buildFaces(): void {
    const edgeCount = this.eu.length;
    const halfCount = edgeCount * 2;
    const { lx, ly } = this;
    const outgoing = new Map<number, number[]>();
    for (let h = 0; h < halfCount; h++) {
      const o = this.origin(h);
      const list = outgoing.get(o);
      if (list) list.push(h);
      else outgoing.set(o, [h]);
    }
    const position = new Int32Array(halfCount);
    const angle = (h: number) => {
      const o = this.origin(h);
      const t = this.origin(h ^ 1);
      return Math.atan2(ly[t] - ly[o], lx[t] - lx[o]);
    };
    for (const list of outgoing.values()) {
      const angles = new Map(list.map((h) => [h, angle(h)]));
      list.sort((p, q) => angles.get(p)! - angles.get(q)!);
      list.forEach((h, k) => (position[h] = k));
    }
    // Keeping the face on the left: leave each vertex by the edge just clockwise of the one we came in on.
    this.next = new Int32Array(halfCount);
    for (let h = 0; h < halfCount; h++) {
      const twin = h ^ 1;
      const list = outgoing.get(this.origin(twin))!;
      this.next[h] = list[(position[twin] - 1 + list.length) % list.length];
    }
    this.cycleOf = new Int32Array(halfCount).fill(-1);
    for (let h = 0; h < halfCount; h++) {
      if (this.cycleOf[h] >= 0) continue;
      const c = this.cycleStart.length;
      this.cycleStart.push(h);
      let area = 0;
      let g = h;
      const x0 = lx[this.origin(h)];
      const y0 = ly[this.origin(h)];
      do {
        this.cycleOf[g] = c;
        const p = this.origin(g);
        const q = this.origin(g ^ 1);
        area += (lx[p] - x0) * (ly[q] - y0) - (lx[q] - x0) * (ly[p] - y0);
        g = this.next[g];
      } while (g !== h);
      this.cycleSigned.push(area / 2);
    }
    this.assignFaces();
    this.propagateLabels();
  }

  private assignFaces(): void {
    const cycles = this.cycleStart.length;
    const vertexCount = this.lx.length;
    const parent = new Int32Array(vertexCount).map((_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let e = 0; e < this.eu.length; e++) parent[find(this.eu[e])] = find(this.ev[e]);
    // the outer cycle of each connected component is its most negative one
    const outerOf = new Map<number, number>();
    for (let c = 0; c < cycles; c++) {
      const comp = find(this.origin(this.cycleStart[c]));
      const best = outerOf.get(comp);
      if (best === undefined || this.cycleSigned[c] < this.cycleSigned[best]) outerOf.set(comp, c);
    }
    const isOuter = new Uint8Array(cycles);
    for (const c of outerOf.values()) isOuter[c] = 1;
    this.cycleFace = new Array(cycles).fill(UNBOUNDED);
    for (let c = 0; c < cycles; c++)
      if (!isOuter[c]) {
        this.cycleFace[c] = this.faceCycles.length;
        this.faceCycles.push([c]);
      }
    this.faceCount = this.faceCycles.length;
    if (outerOf.size <= 1) {
      for (const c of outerOf.values()) this.cycleFace[c] = UNBOUNDED;
      return;
    }
    // A component not connected to the others sits in some face of them (an island, or a hole's
    // content): cast a ray west from its leftmost vertex and take the face just east of the first edge hit.
    const { lx, ly } = this;
    const index = new Flatbush(Math.max(1, this.eu.length));
    for (let e = 0; e < this.eu.length; e++) {
      const u = this.eu[e];
      const v = this.ev[e];
      index.add(Math.min(lx[u], lx[v]), Math.min(ly[u], ly[v]), Math.max(lx[u], lx[v]), Math.max(ly[u], ly[v]));
    }
    if (this.eu.length === 0) index.add(0, 0, 0, 0);
    index.finish();
    const leftmost = new Map<number, number>();
    for (let v = 0; v < vertexCount; v++) {
      const comp = find(v);
      const best = leftmost.get(comp);
      if (best === undefined || lx[v] < lx[best] || (lx[v] === lx[best] && ly[v] < ly[best])) leftmost.set(comp, v);
    }
    const resolved = new Map<number, number>();
    const enclosing = (comp: number, depth: number): number => {
      const known = resolved.get(comp);
      if (known !== undefined) return known;
      if (depth > outerOf.size) return UNBOUNDED;
      const p = leftmost.get(comp)!;
      const px = lx[p];
      const py = ly[p];
      let bestX = -Infinity;
      let bestHalf = -1;
      for (const e of index.search(-Infinity, py, px, py)) {
        const u = this.eu[e];
        const v = this.ev[e];
        if (find(u) === comp) continue;
        if (ly[u] > py === ly[v] > py) continue;
        const x = lx[u] + ((py - ly[u]) * (lx[v] - lx[u])) / (ly[v] - ly[u]);
        if (x < px && x > bestX) {
          bestX = x;
          // the face east of the edge: left of v→u when the edge goes up, left of u→v when it goes down
          bestHalf = ly[v] > ly[u] ? 2 * e + 1 : 2 * e;
        }
      }
      let face = UNBOUNDED;
      if (bestHalf >= 0) {
        const c = this.cycleOf[bestHalf];
        face = isOuter[c] ? enclosing(find(this.origin(this.cycleStart[c])), depth + 1) : this.cycleFace[c];
      }
      resolved.set(comp, face);
      return face;
    };
    for (const [comp, c] of outerOf) {
      const face = enclosing(comp, 0);
      this.cycleFace[c] = face;
      if (face !== UNBOUNDED) this.faceCycles[face].push(c);
    }
  }

  faceOfHalf(h: number): number {
    return this.cycleFace[this.cycleOf[h]];
  }

  private propagateLabels(): void {
    const faces = this.faceCount;
    this.labels = new Array(faces);
    const known = new Uint8Array(faces + 1); // index face+1 so UNBOUNDED fits
    const adjacency: number[][] = Array.from({ length: faces + 1 }, () => []);
    for (let e = 0; e < this.eu.length; e++) {
      adjacency[this.faceOfHalf(2 * e) + 1].push(e);
      adjacency[this.faceOfHalf(2 * e + 1) + 1].push(e);
    }
    const queue = [UNBOUNDED];
    known[0] = 1;
    while (queue.length) {
      const f = queue.pop()!;
      const label = this.label(f);
      for (const e of adjacency[f + 1]) {
        const left = this.faceOfHalf(2 * e);
        const right = this.faceOfHalf(2 * e + 1);
        // crossing an edge from its right to its left enters every ring that runs along it u→v
        const [other, sign] = left === f ? [right, -1] : [left, 1];
        if (known[other + 1]) continue;
        const next = new Map(label);
        const delta = this.edelta[e];
        for (let k = 0; k < delta.length; k += 2) {
          const count = (next.get(delta[k]) ?? 0) + sign * delta[k + 1];
          if (count === 0) next.delete(delta[k]);
          else next.set(delta[k], count);
        }
        this.labels[other] = next;
        known[other + 1] = 1;
        queue.push(other);
      }
    }
    for (let f = 0; f < faces; f++) if (!known[f + 1]) this.labels[f] = new Map();
  }

  // ---------------------------------------------------------------- queries

  /** how many times each layer covers the face (only non-zero counts) */
  label(face: number): ReadonlyMap<number, number> {
    return face === UNBOUNDED ? this.unboundedLabel : this.labels[face];
  }

  private cycleCoordinates(c: number): Position2[] {
    const ring: Position2[] = [];
    const start = this.cycleStart[c];
    let g = start;
    do {
      const o = this.origin(g);
      ring.push([this.ax[o], this.ay[o]]);
      g = this.next[g];
    } while (g !== start);
    ring.push(ring[0]);
    return ring;
  }

  faceAreaM2(face: number): number {
    return this.faceCycles[face].reduce((sum, c) => sum + ringAreaM2(this.cycleCoordinates(c)), 0);
  }

  /** for each bounded face, the bounded faces across its edges */
  faceNeighbours(): number[][] {
    const neighbours: number[][] = Array.from({ length: this.faceCount }, () => []);
    for (let e = 0; e < this.eu.length; e++) {
      const l = this.faceOfHalf(2 * e);
      const r = this.faceOfHalf(2 * e + 1);
      if (l >= 0 && r >= 0 && l !== r) {
        neighbours[l].push(r);
        neighbours[r].push(l);
      }
    }
    return neighbours;
  }

  /** connected groups of faces that share a key (faces touching only at a vertex are apart) */
  regions(keyOf: (face: number) => string | null): { key: string; faces: number[] }[] {
    const keys = Array.from({ length: this.faceCount }, (_, f) => keyOf(f));
    const parent = Int32Array.from({ length: this.faceCount }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let e = 0; e < this.eu.length; e++) {
      const l = this.faceOfHalf(2 * e);
      const r = this.faceOfHalf(2 * e + 1);
      if (l >= 0 && r >= 0 && l !== r && keys[l] !== null && keys[l] === keys[r]) parent[find(l)] = find(r);
    }
    const groups = new Map<number, { key: string; faces: number[] }>();
    for (let f = 0; f < this.faceCount; f++) {
      const key = keys[f];
      if (key === null) continue;
      const root = find(f);
      const group = groups.get(root);
      if (group) group.faces.push(f);
      else groups.set(root, { key, faces: [f] });
    }
    return [...groups.values()];
  }

  /** the half-edges on the boundary of a set of faces, with the set on their left */
  private boundary(inside: (face: number) => boolean): number[] {
    const halves: number[] = [];
    for (let h = 0; h < this.eu.length * 2; h++) if (inside(this.faceOfHalf(h)) && !inside(this.faceOfHalf(h ^ 1))) halves.push(h);
    return halves;
  }

  /** border length in metres between a set of faces and each face around it */
  borders(faces: Iterable<number>): Map<number, number> {
    const set = new Set(faces);
    const lengths = new Map<number, number>();
    for (const h of this.boundary((f) => set.has(f))) {
      const u = this.origin(h);
      const v = this.origin(h ^ 1);
      const across = this.faceOfHalf(h ^ 1);
      lengths.set(across, (lengths.get(across) ?? 0) + segmentLengthM([this.ax[u], this.ay[u]], [this.ax[v], this.ay[v]]));
    }
    return lengths;
  }

  /** the union of a set of faces as MultiPolygon coordinates (shells counter-clockwise, holes clockwise) */
  polygons(faces: Iterable<number>): Position2[][][] {
    const set = new Set(faces);
    const inside = (f: number) => set.has(f);
    const halves = this.boundary(inside);
    const isBoundary = new Set(halves);
    const used = new Set<number>();
    const shells: { ring: Position2[]; local: Position2[]; area: number }[] = [];
    const holes: { ring: Position2[]; local: Position2[] }[] = [];
    for (const start of halves) {
      if (used.has(start)) continue;
      const ring: Position2[] = [];
      const local: Position2[] = [];
      let area = 0;
      let h = start;
      let guard = 0;
      do {
        used.add(h);
        const o = this.origin(h);
        ring.push([this.ax[o], this.ay[o]]);
        local.push([this.lx[o], this.ly[o]]);
        // around the end vertex, turn until the next edge that is on the boundary again
        let g = this.next[h];
        while (!isBoundary.has(g) && guard++ < 1e7) g = this.next[g ^ 1];
        h = g;
      } while (h !== start && guard++ < 1e7);
      for (let i = 0; i < local.length; i++) {
        const p = local[i];
        const q = local[(i + 1) % local.length];
        area += p[0] * q[1] - q[0] * p[1];
      }
      ring.push(ring[0]);
      local.push(local[0]);
      if (ring.length < 4) continue;
      if (area > 0) shells.push({ ring, local, area });
      else if (area < 0) holes.push({ ring, local });
    }
    shells.sort((p, q) => p.area - q.area);
    const result: Position2[][][] = shells.map((s) => [s.ring]);
    for (const hole of holes) {
      const probe: Position2 = [(hole.local[0][0] + hole.local[1][0]) / 2, (hole.local[0][1] + hole.local[1][1]) / 2];
      const k = shells.findIndex((s) => ringContains(s.local, probe));
      if (k >= 0) result[k].push(hole.ring);
    }
    return result;
  }
}

/** even-odd point in ring (points on the boundary may fall either way) */
export function ringContains(ring: readonly Position2[], p: Position2): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

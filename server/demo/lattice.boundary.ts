// Exact outlines of sets of lattice cells. A region is a list of cell rectangles; its boundary is traced
// in integer space keeping EVERY lattice vertex along it. Two regions that share an edge therefore list
// the same vertices along it (no T-junctions), and once mapped through one projection they share
// bit-identical coordinates.

/** cells [u0, u1) × [v0, v1) */
export interface CellRect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

/** closed ring of integer lattice points, first point repeated last */
export type LatticeRing = Array<[number, number]>;
/** polygons, each [outer (counter-clockwise), ...holes (clockwise)] */
export type LatticeMultiPolygon = LatticeRing[][];

// Directions in counter-clockwise order, so a left turn is d + 1.
const DU = [1, 0, -1, 0];
const DV = [0, 1, 0, -1];

export function rectCells(r: CellRect): number {
  return Math.max(0, r.u1 - r.u0) * Math.max(0, r.v1 - r.v0);
}

export function boundsOf(rects: readonly CellRect[]): CellRect {
  const b = { u0: Infinity, v0: Infinity, u1: -Infinity, v1: -Infinity };
  for (const r of rects) {
    if (r.u0 < b.u0) b.u0 = r.u0;
    if (r.v0 < b.v0) b.v0 = r.v0;
    if (r.u1 > b.u1) b.u1 = r.u1;
    if (r.v1 > b.v1) b.v1 = r.v1;
  }
  return b;
}

/** A bitmap of the region over its bounds; throws when rectangles overlap (a generator bug). */
function rasterise(rects: readonly CellRect[], b: CellRect): Uint8Array {
  const w = b.u1 - b.u0;
  const cells = new Uint8Array(w * (b.v1 - b.v0));
  for (const r of rects) {
    for (let v = r.v0; v < r.v1; v++) {
      const row = (v - b.v0) * w - b.u0;
      for (let u = r.u0; u < r.u1; u++) {
        if (cells[row + u]) throw new Error(`cell (${u}, ${v}) is claimed twice`);
        cells[row + u] = 1;
      }
    }
  }
  return cells;
}

function signedArea(ring: LatticeRing): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function contains(ring: LatticeRing, u: number, v: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [ui, vi] = ring[i];
    const [uj, vj] = ring[j];
    if (vi > v !== vj > v && u < ((uj - ui) * (v - vi)) / (vj - vi) + ui) inside = !inside;
  }
  return inside;
}

/**
 * A walk can pass a vertex twice where a hole touches the outside (or another hole) at one point; OGC
 * rings must not touch themselves, so every loop between two visits becomes a ring of its own. The
 * region stays on the left of every edge, so loops come out counter-clockwise around the region and
 * clockwise around holes, which is how they are told apart afterwards.
 */
function splitAtRepeats(walk: LatticeRing): LatticeRing[] {
  const out: LatticeRing[] = [];
  const stack: LatticeRing = [];
  const at = new Map<string, number>();
  for (const p of [...walk, walk[0]]) {
    const key = `${p[0]},${p[1]}`;
    const first = at.get(key);
    if (first !== undefined) {
      const loop = stack.splice(first);
      for (const q of loop) at.delete(`${q[0]},${q[1]}`);
      if (loop.length >= 3) out.push([...loop, loop[0]]);
    }
    at.set(key, stack.length);
    stack.push(p);
  }
  return out;
}

/**
 * Traces the outline of a union of disjoint cell rectangles. Where two cells of the region touch only
 * at a corner, the walk turns left, which splits them into separate polygons touching at a point
 * (valid) rather than one self-touching ring (invalid).
 */
export function traceCells(rects: readonly CellRect[]): LatticeMultiPolygon {
  const live = rects.filter((r) => rectCells(r) > 0);
  if (live.length === 0) return [];
  const b = boundsOf(live);
  const w = b.u1 - b.u0;
  const h = b.v1 - b.v0;
  const cells = rasterise(live, b);
  const inside = (u: number, v: number) => u >= 0 && v >= 0 && u < w && v < h && cells[v * w + u] === 1;

  // Boundary edges with the region on their left, keyed by start vertex; a vertex starts at most two.
  const vw = w + 1;
  const out = new Map<number, number[]>();
  const addEdge = (u: number, v: number, dir: number) => {
    const key = v * vw + u;
    const list = out.get(key);
    if (list) list.push(dir);
    else out.set(key, [dir]);
  };
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      if (!inside(u, v)) continue;
      if (!inside(u, v - 1)) addEdge(u, v, 0);
      if (!inside(u + 1, v)) addEdge(u + 1, v, 1);
      if (!inside(u, v + 1)) addEdge(u + 1, v + 1, 2);
      if (!inside(u - 1, v)) addEdge(u, v + 1, 3);
    }
  }

  const rings: LatticeRing[] = [];
  for (const [startKey, startDirs] of out) {
    while (startDirs.length > 0) {
      const ring: LatticeRing = [];
      let key = startKey;
      const firstDir = startDirs.pop()!;
      let dir = firstDir;
      for (;;) {
        const u = key % vw;
        const v = (key - u) / vw;
        ring.push([u + b.u0, v + b.v0]);
        key = (v + DV[dir]) * vw + u + DU[dir];
        const dirs = out.get(key) ?? [];
        // Back at the start, the edge we left by competes too: at a pinch vertex the ring must close
        // the same way the walk would have turned, or two rings fuse into one self-touching ring.
        const closing = key === startKey;
        let next = -1;
        for (const turn of [1, 0, 3]) {
          const want = (dir + turn) % 4;
          if ((closing && want === firstDir) || dirs.includes(want)) {
            next = want;
            break;
          }
        }
        if (closing && next === firstDir) break;
        if (next < 0) throw new Error('boundary walk reached a dead end');
        dirs.splice(dirs.indexOf(next), 1);
        dir = next;
      }
      rings.push(...splitAtRepeats(ring));
    }
  }

  const outers = rings.filter((r) => signedArea(r) > 0);
  const holes = rings.filter((r) => signedArea(r) < 0);
  const polygons: LatticeMultiPolygon = outers.map((r) => [r]);
  for (const hole of holes) {
    // The cell on the right of a hole's first edge lies in the hole, not on any boundary.
    const [u0, v0] = hole[0];
    const [u1, v1] = hole[1];
    const du = u1 - u0;
    const dv = v1 - v0;
    const pu = u0 + du / 2 + dv / 2;
    const pv = v0 + dv / 2 - du / 2;
    let best = -1;
    let bestArea = Infinity;
    outers.forEach((outer, i) => {
      const area = signedArea(outer);
      if (area < bestArea && contains(outer, pu, pv)) {
        best = i;
        bestArea = area;
      }
    });
    if (best < 0) throw new Error('hole outside every outer ring');
    polygons[best].push(hole);
  }
  return polygons;
}

/** Area in cells, from the traced rings; equals the cell count when tracing is right. */
export function latticeArea(mp: LatticeMultiPolygon): number {
  let a = 0;
  for (const polygon of mp) for (const ring of polygon) a += signedArea(ring);
  return a;
}

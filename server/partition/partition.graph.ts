// The graph the partition is computed on: one node per compound (小区) kept whole, or per atom otherwise;
// an edge wherever two nodes share a border, weighted by its length. Pure: numbers in, numbers out.
import type { Atom, AtomEdge } from './atoms.sql.ts';

export interface PartitionGraph {
  size: number;
  households: Float64Array;
  area: Float64Array;
  /** outline length of the node, metres: a part's perimeter is the sum over its nodes less twice its inner borders */
  perimeter: Float64Array;
  /** centroid in local metres (east, north) */
  x: Float64Array;
  y: Float64Array;
  /** adjacency in compressed rows: the neighbours of v are neighbours[offsets[v] … offsets[v + 1]) */
  offsets: Int32Array;
  neighbours: Int32Array;
  /** shared border length of each adjacency entry, metres */
  border: Float64Array;
  /** the atoms each node is made of */
  atoms: number[][];
}

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/** Atoms of one compound become one node: a compound is never split unless it alone exceeds the target (atoms.sql.ts). */
function nodeOfAtom(atoms: readonly Atom[]): { nodeOf: Int32Array; members: number[][] } {
  const nodeOf = new Int32Array(atoms.length);
  const members: number[][] = [];
  const byCompound = new Map<number, number>();
  for (const atom of atoms) {
    let node = atom.compound_id === null ? undefined : byCompound.get(atom.compound_id);
    if (node === undefined) {
      node = members.length;
      members.push([]);
      if (atom.compound_id !== null) byCompound.set(atom.compound_id, node);
    }
    members[node].push(atom.id);
    nodeOf[atom.id] = node;
  }
  return { nodeOf, members };
}

export function buildGraph(atoms: readonly Atom[], edges: readonly AtomEdge[]): PartitionGraph {
  const { nodeOf, members } = nodeOfAtom(atoms);
  const n = members.length;
  const households = new Float64Array(n);
  const area = new Float64Array(n);
  const perimeter = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const lat0 = atoms.length ? atoms[0].lat : 0;
  const lon0 = atoms.length ? atoms[0].lon : 0;
  const lonScale = METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  for (const atom of atoms) {
    const v = nodeOf[atom.id];
    households[v] += atom.households;
    area[v] += atom.area_m2;
    perimeter[v] += atom.perimeter_m;
    // weighted by area; a degenerate atom still needs a position
    const w = Math.max(atom.area_m2, 1e-9);
    x[v] += (atom.lon - lon0) * lonScale * w;
    y[v] += (atom.lat - lat0) * METRES_PER_DEGREE_LAT * w;
  }
  const weight = new Float64Array(n);
  for (const atom of atoms) weight[nodeOf[atom.id]] += Math.max(atom.area_m2, 1e-9);
  for (let v = 0; v < n; v++) {
    x[v] /= weight[v];
    y[v] /= weight[v];
  }

  const shared = new Map<number, number>();
  for (const e of edges) {
    const a = nodeOf[e.a];
    const b = nodeOf[e.b];
    if (a === b) {
      perimeter[a] -= 2 * e.length_m;
      continue;
    }
    const key = Math.min(a, b) * n + Math.max(a, b);
    shared.set(key, (shared.get(key) ?? 0) + e.length_m);
  }
  return { size: n, households, area, perimeter, x, y, ...compressedRows(n, shared), atoms: members };
}

function compressedRows(n: number, shared: Map<number, number>): Pick<PartitionGraph, 'offsets' | 'neighbours' | 'border'> {
  const degree = new Int32Array(n);
  for (const key of shared.keys()) {
    degree[Math.floor(key / n)]++;
    degree[key % n]++;
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + degree[v];
  const fill = offsets.slice(0, n);
  const neighbours = new Int32Array(offsets[n]);
  const border = new Float64Array(offsets[n]);
  // sorted keys: the adjacency order, and so every later choice, does not depend on insertion order
  for (const key of [...shared.keys()].sort((p, q) => p - q)) {
    const a = Math.floor(key / n);
    const b = key % n;
    const length = shared.get(key)!;
    neighbours[fill[a]] = b;
    border[fill[a]++] = length;
    neighbours[fill[b]] = a;
    border[fill[b]++] = length;
  }
  return { offsets, neighbours, border };
}

/** Connected pieces of the nodes for which `inside` holds; each piece lists its nodes in ascending order. */
export function pieces(graph: PartitionGraph, inside: (v: number) => boolean): number[][] {
  const seen = new Uint8Array(graph.size);
  const out: number[][] = [];
  for (let s = 0; s < graph.size; s++) {
    if (seen[s] || !inside(s)) continue;
    const piece = [s];
    seen[s] = 1;
    for (let i = 0; i < piece.length; i++) {
      const v = piece[i];
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const u = graph.neighbours[e];
        if (!seen[u] && inside(u)) {
          seen[u] = 1;
          piece.push(u);
        }
      }
    }
    out.push(piece.sort((p, q) => p - q));
  }
  return out;
}

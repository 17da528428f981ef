// Small graphs for the partition tests: nodes with given households, 100 m borders.
import type { Atom, AtomEdge } from './atoms.sql.ts';
import { buildGraph, type PartitionGraph } from './partition.graph.ts';

/** Nodes with the given households, in a row unless `links` says which touch which (100 m borders). */
export function graphOf(households: number[], links?: Array<[number, number]>): PartitionGraph {
  const atoms: Atom[] = households.map((h, id) => ({ id, households: h, buildings: 1, compound_id: null, area_m2: 10_000, perimeter_m: 400, lon: 118 + id * 0.001, lat: 32 }));
  const pairs = links ?? households.slice(1).map((_, i) => [i, i + 1] as [number, number]);
  const edges: AtomEdge[] = pairs.map(([a, b]) => ({ a, b, length_m: 100 }));
  return buildGraph(atoms, edges);
}

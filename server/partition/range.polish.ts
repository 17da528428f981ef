// Compactness for a partition the exact search found: it is balanced but shaped by the order the search
// tried sets in. Plain descent on the length of border between grids: a node moves to a neighbouring grid
// when that shortens the border, both grids stay within [lo, hi] households, and neither is cut in two
// or emptied. Balance is never traded for shape.
import type { PartitionGraph } from './partition.graph.ts';
import { cutsPart, scratchFor } from './part.connectivity.ts';

export function polishInRange(graph: PartitionGraph, part: Int32Array, parts: number, lo: number, hi: number, maxRounds = 50): void {
  const households = new Float64Array(parts);
  const size = new Int32Array(parts);
  for (let v = 0; v < graph.size; v++) {
    households[part[v]] += graph.households[v];
    size[part[v]]++;
  }
  const scratch = scratchFor(graph);
  const towards = new Map<number, number>();
  for (let round = 0; round < maxRounds; round++) {
    let moved = false;
    for (let v = 0; v < graph.size; v++) {
      const p = part[v];
      const h = graph.households[v];
      if (size[p] === 1 || households[p] - h < lo) continue;
      // border of v with each grid around it
      towards.clear();
      for (let e = graph.offsets[v]; e < graph.offsets[v + 1]; e++) {
        const q = part[graph.neighbours[e]];
        towards.set(q, (towards.get(q) ?? 0) + graph.border[e]);
      }
      const own = towards.get(p) ?? 0;
      let best = -1;
      let gain = 1e-6;
      for (const [q, length] of towards) {
        if (q !== p && households[q] + h <= hi && length - own > gain) {
          best = q;
          gain = length - own;
        }
      }
      if (best < 0 || cutsPart(graph, part, v, scratch)) continue;
      part[v] = best;
      households[p] -= h;
      households[best] += h;
      size[p]--;
      size[best]++;
      moved = true;
    }
    if (!moved) return;
  }
}

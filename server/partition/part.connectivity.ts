// Contiguity guard for local moves: a node may leave its part only if the rest of the part stays one
// piece (the node is not an articulation point of its part). A BFS from one of its same-part neighbours
// that stops as soon as all of them are reached, so the common case costs a few steps.
import type { PartitionGraph } from './partition.graph.ts';

export interface Scratch {
  stamp: Int32Array;
  queue: Int32Array;
  visit: number;
}

export function scratchFor(graph: PartitionGraph): Scratch {
  return { stamp: new Int32Array(graph.size), queue: new Int32Array(graph.size), visit: 0 };
}

/** Would taking v out of its part leave the rest of the part in more than one piece? */
export function cutsPart(graph: PartitionGraph, part: Int32Array, v: number, s: Scratch): boolean {
  const p = part[v];
  const { offsets, neighbours } = graph;
  let targets = 0;
  let start = -1;
  const mark = ++s.visit;
  for (let e = offsets[v]; e < offsets[v + 1]; e++) {
    const u = neighbours[e];
    if (part[u] === p && s.stamp[u] !== -mark) {
      s.stamp[u] = -mark; // a neighbour still to be reached
      targets++;
      if (start < 0) start = u;
    }
  }
  if (targets <= 1) return false;
  s.stamp[v] = mark;
  s.stamp[start] = mark;
  let found = 1;
  let head = 0;
  let tail = 0;
  s.queue[tail++] = start;
  while (head < tail) {
    const w = s.queue[head++];
    for (let e = offsets[w]; e < offsets[w + 1]; e++) {
      const u = neighbours[e];
      if (part[u] !== p || s.stamp[u] === mark) continue;
      if (s.stamp[u] === -mark && ++found === targets) return false;
      s.stamp[u] = mark;
      s.queue[tail++] = u;
    }
  }
  return true;
}

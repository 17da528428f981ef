// A point guaranteed to lie inside a polygonal area, for "zoom to the problem": the centroid of a thin
// L-shaped sliver or a ring-shaped gap can lie far outside it. Same idea as GEOS's InteriorPointArea:
// a horizontal line through the middle of the largest part, avoiding vertex heights, and the middle of
// the widest stretch of that line inside the area.
import type { Position2 } from './coverage.types.ts';

export function interiorPoint(polygons: readonly (readonly (readonly Position2[])[])[]): Position2 | null {
  let best: { x: number; y: number; width: number } | null = null;
  for (const polygon of polygons) {
    const shell = polygon[0];
    if (!shell || shell.length < 4) continue;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const p of shell) {
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
    const mid = (minY + maxY) / 2;
    // the scan line runs halfway between the two vertex heights closest to the middle, never through a vertex
    let below = minY;
    let above = maxY;
    for (const ring of polygon)
      for (const p of ring) {
        if (p[1] <= mid && p[1] > below) below = p[1];
        if (p[1] > mid && p[1] < above) above = p[1];
      }
    const y = (below + above) / 2;
    const xs: number[] = [];
    for (const ring of polygon)
      for (let i = 0; i < ring.length - 1; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    xs.sort((p, q) => p - q);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1] - xs[i];
      if (!best || width > best.width) best = { x: (xs[i] + xs[i + 1]) / 2, y, width };
    }
  }
  return best ? [best.x, best.y] : null;
}

// Where a point lies relative to a grid's polygons: inside, on the boundary, or outside — the
// distinction the lookup rule needs (interior beats boundary). Even-odd ray casting over all rings,
// with an exact on-segment test first so a point on a shared edge is "boundary" in both grids.
import type { PolygonRings } from './wkb.parse.ts';

export type Placement = 'interior' | 'boundary' | 'outside';

function onSegment(px: number, py: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if (px < Math.min(x1, x2) || px > Math.max(x1, x2) || py < Math.min(y1, y2) || py > Math.max(y1, y2)) return false;
  return (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1) === 0;
}

function placeInPolygon(px: number, py: number, rings: PolygonRings): Placement {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i + 3 < ring.length; i += 2) {
      const x1 = ring[i], y1 = ring[i + 1], x2 = ring[i + 2], y2 = ring[i + 3];
      if (onSegment(px, py, x1, y1, x2, y2)) return 'boundary';
      if (y1 > py !== y2 > py && px < ((x2 - x1) * (py - y1)) / (y2 - y1) + x1) inside = !inside;
    }
  }
  return inside ? 'interior' : 'outside';
}

export function placePoint(px: number, py: number, parts: PolygonRings[]): Placement {
  let best: Placement = 'outside';
  for (const rings of parts) {
    const placement = placeInPolygon(px, py, rings);
    if (placement === 'interior') return placement;
    if (placement === 'boundary') best = placement;
  }
  return best;
}

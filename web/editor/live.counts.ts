// Households and area of the grids a drag is reshaping, at every pointer move, before anything is saved.
// Building points come from the buildings tiles on screen (a footprint counts at its vertices' mean);
// they may not match the server's building points exactly, so the live figure is the saved figure plus
// the change this approximation sees — it moves only when a building crosses the boundary. The server's
// recount replaces it when the edit is saved.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import { multiPolygonAreaM2 } from '../../server/geometry/area.geodesic.ts';
import { coverTester } from '../../server/geometry/point.contains.ts';
import { polygonsOf, type TopoGrid } from '../../server/geometry/topology.shared-vertex.ts';

export interface BuildingSample {
  at: Position2;
  households: number;
}

export interface LiveFacts {
  households: number;
  area_m2: number;
}

export function buildingSamples(map: MapLibreMap): BuildingSample[] {
  if (!map.getSource('buildings')) return [];
  const byId = new Map<string | number, BuildingSample>();
  for (const f of map.querySourceFeatures('buildings', { sourceLayer: 'buildings' })) {
    const households = Number(f.properties.households) || 0;
    if (!households || f.id === undefined || byId.has(f.id)) continue;
    const g = f.geometry;
    const at = g.type === 'Point' ? (g.coordinates as Position2) : g.type === 'Polygon' ? meanOf(g.coordinates[0] as Position2[]) : null;
    if (at) byId.set(f.id, { at, households });
  }
  return [...byId.values()];
}

const meanOf = (ring: Position2[]): Position2 => {
  const open = ring.slice(0, -1);
  return [open.reduce((s, p) => s + p[0], 0) / open.length, open.reduce((s, p) => s + p[1], 0) / open.length];
};

export const householdsIn = (grid: TopoGrid, samples: readonly BuildingSample[]): number => {
  const covers = coverTester(polygonsOf(grid.geometry));
  return samples.reduce((sum, b) => sum + (covers(b.at) ? b.households : 0), 0);
};

/** Live facts of reshaped grids: `saved` households plus what the samples see move in or out since `start`. */
export function liveFacts(grids: readonly TopoGrid[], start: ReadonlyMap<string, number>, saved: (id: TopoGrid['id']) => number, samples: readonly BuildingSample[]): Map<number, LiveFacts> {
  const facts = new Map<number, LiveFacts>();
  for (const g of grids) {
    const households = Math.max(0, saved(g.id) + householdsIn(g, samples) - (start.get(String(g.id)) ?? 0));
    facts.set(Number(g.id), { households, area_m2: multiPolygonAreaM2(polygonsOf(g.geometry)) });
  }
  return facts;
}

// The current generation's grids in memory: an R-tree over their bounding boxes and their exact
// polygons, so "which grid am I in" is answered in microseconds without a database round trip.
// Built from the database and rebuilt when the grids' data revision moves (every process listens),
// so it never answers for a generation that is no longer in force.
import Flatbush from 'flatbush';
import { chainOf, pickDeepest, type Candidate } from './lookup.rule.ts';
import { placePoint } from './point-in-grid.ts';
import type { PolygonRings } from './wkb.parse.ts';

export interface IndexedGrid<W> extends Omit<Candidate, 'interior'> {
  worker_id: number | null;
  worker: W | null;
  parts: PolygonRings[];
}

export interface GridIndex<W> {
  generation: number | null;
  /** level 1 … deepest, by the lookup rule */
  chain(lon: number, lat: number): Array<IndexedGrid<W>>;
}

export function buildGridIndex<W>(grids: Array<IndexedGrid<W>>, generation: number | null): GridIndex<W> {
  const byId = new Map(grids.map((g) => [g.id, g]));
  if (!grids.length) return { generation, chain: () => [] };
  const tree = new Flatbush(grids.length);
  for (const g of grids) {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const rings of g.parts) {
      const outer = rings[0] ?? new Float64Array();
      for (let i = 0; i < outer.length; i += 2) {
        x0 = Math.min(x0, outer[i]); x1 = Math.max(x1, outer[i]);
        y0 = Math.min(y0, outer[i + 1]); y1 = Math.max(y1, outer[i + 1]);
      }
    }
    tree.add(x0, y0, x1, y1);
  }
  tree.finish();
  return {
    generation,
    chain(lon, lat) {
      const candidates: Candidate[] = [];
      for (const i of tree.search(lon, lat, lon, lat)) {
        const placement = placePoint(lon, lat, grids[i].parts);
        const { id, code, name, level, parent_id } = grids[i];
        if (placement !== 'outside') candidates.push({ id, code, name, level, parent_id, interior: placement === 'interior' });
      }
      const deepest = pickDeepest(candidates);
      return chainOf(deepest ? byId.get(deepest.id) : undefined, byId);
    },
  };
}

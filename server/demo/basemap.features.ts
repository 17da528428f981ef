// The demo's base map (roads, paths, blocks, water, green, street boundary) from the lattice layout.
// Roads follow block edges vertex by vertex through the same projection as the grids, so a grid line
// that runs along a road lies exactly on it.
import type { Geometry, LineString, Polygon } from 'geojson';
import type { CellRect, LatticeMultiPolygon } from './lattice.boundary.ts';
import type { Project } from './lattice.projection.ts';
import { buildableRect, ROAD_HALF_WIDTH_M, type Block, type Layout, type RoadLine, type Side } from './district.layout.ts';

export interface BasemapFeature {
  kind: 'arterial' | 'branch' | 'path' | 'block' | 'water' | 'green' | 'boundary';
  name: string | null;
  geom: Geometry;
}

/** Positions from a to b (both included) with every integer lattice line in between. */
function stations(a: number, b: number): number[] {
  const out = [a];
  for (let t = Math.floor(a) + 1; t < b; t++) if (t > a) out.push(t);
  if (b !== a) out.push(b);
  return out;
}

/** A rectangle (fractional lattice units) as a closed, counter-clockwise ring through every lattice line. */
export function rectRing(r: CellRect, project: Project): Polygon['coordinates'][number] {
  const ring: Array<[number, number]> = [];
  for (const u of stations(r.u0, r.u1).slice(0, -1)) ring.push([u, r.v0]);
  for (const v of stations(r.v0, r.v1).slice(0, -1)) ring.push([r.u1, v]);
  for (const u of stations(r.u0, r.u1).reverse().slice(0, -1)) ring.push([u, r.v1]);
  for (const v of stations(r.v0, r.v1).reverse().slice(0, -1)) ring.push([r.u0, v]);
  ring.push(ring[0]);
  return ring.map(([u, v]) => project(u, v));
}

export function projectMultiPolygon(mp: LatticeMultiPolygon, project: Project): number[][][][] {
  return mp.map((polygon) => polygon.map((ring) => ring.map(([u, v]) => project(u, v))));
}

/** Road centre lines: the union of block sides per road line, split where the street has no block. */
function roads(layout: Layout, names: Map<RoadLine, string>, project: Project): BasemapFeature[] {
  const edges = new Map<RoadLine, Set<number>>();
  const add = (line: RoadLine, from: number, to: number) => {
    let set = edges.get(line);
    if (!set) edges.set(line, (set = new Set()));
    for (let t = from; t < to; t++) set.add(t);
  };
  for (const block of layout.blocks) {
    for (const side of ['south', 'north', 'west', 'east'] as Side[]) {
      const line = block.sides[side];
      // Only arterials bridge the river; branch roads stop at the bank.
      if (block.water && line.axis === 'u' && line.kind !== 'arterial') continue;
      if (line.axis === 'v') add(line, block.u0, block.u1);
      else add(line, block.v0, block.v1);
    }
  }
  const out: BasemapFeature[] = [];
  for (const [line, set] of edges) {
    const ts = [...set].sort((a, b) => a - b);
    let run: number[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const along = [...run, run[run.length - 1] + 1];
      const coordinates = along.map((t) => (line.axis === 'u' ? project(line.at, t) : project(t, line.at)));
      out.push({ kind: line.kind, name: names.get(line) ?? null, geom: { type: 'LineString', coordinates } satisfies LineString });
      run = [];
    };
    for (const t of ts) {
      if (run.length > 0 && t !== run[run.length - 1] + 1) flush();
      run.push(t);
    }
    flush();
  }
  return out;
}

function blockShape(block: Block, cellM: number): CellRect {
  const inset = (side: Side) => ROAD_HALF_WIDTH_M[block.sides[side].kind] / cellM;
  return { u0: block.u0 + inset('west'), u1: block.u1 - inset('east'), v0: block.v0 + inset('south'), v1: block.v1 - inset('north') };
}

function intersect(a: CellRect, b: CellRect): CellRect | null {
  const r = { u0: Math.max(a.u0, b.u0), v0: Math.max(a.v0, b.v0), u1: Math.min(a.u1, b.u1), v1: Math.min(a.v1, b.v1) };
  return r.u1 - r.u0 > 0.2 && r.v1 - r.v0 > 0.2 ? r : null;
}

export interface BasemapInput {
  layout: Layout;
  project: Project;
  roadNames: Map<RoadLine, string>;
  riverNames: string[];
  /** park names by parcel id (larger parks only) */
  parkNames: Map<number, string>;
  /** ponds inside parks: parcel id → name */
  ponds: Map<number, string>;
  /** street outlines, traced from their blocks */
  streets: Array<{ name: string; outline: LatticeMultiPolygon }>;
}

export function basemapFeatures({ layout, project, roadNames, riverNames, parkNames, ponds, streets }: BasemapInput): BasemapFeature[] {
  const cellM = layout.params.cellM;
  const out: BasemapFeature[] = [];
  for (const s of streets) {
    const coordinates = projectMultiPolygon(s.outline, project);
    out.push({ kind: 'boundary', name: s.name, geom: coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0] } : { type: 'MultiPolygon', coordinates } });
  }
  layout.rivers.forEach((band, i) => {
    const waterBlocks = layout.blocks.filter((b) => b.water && b.v0 === band.v0);
    if (waterBlocks.length === 0) return;
    const inset = (ROAD_HALF_WIDTH_M.branch + 1) / cellM;
    const rect = { u0: Math.min(...waterBlocks.map((b) => b.u0)), u1: Math.max(...waterBlocks.map((b) => b.u1)), v0: band.v0 + inset, v1: band.v1 - inset };
    out.push({ kind: 'water', name: riverNames[i] ?? null, geom: { type: 'Polygon', coordinates: [rectRing(rect, project)] } });
  });
  for (const block of layout.blocks) {
    if (block.water) continue;
    out.push({ kind: 'block', name: null, geom: { type: 'Polygon', coordinates: [rectRing(blockShape(block, cellM), project)] } });
    const buildable = buildableRect(block, cellM);
    for (const parcel of block.parcels) {
      if (parcel.use === 'green') {
        const rect = intersect(parcel, buildable);
        if (rect) out.push({ kind: 'green', name: parkNames.get(parcel.id) ?? null, geom: { type: 'Polygon', coordinates: [rectRing(rect, project)] } });
        const pond = ponds.get(parcel.id);
        if (rect && pond) {
          // a pond in the middle third of the park
          const du = (rect.u1 - rect.u0) / 3;
          const dv = (rect.v1 - rect.v0) / 3;
          const water = { u0: rect.u0 + du, u1: rect.u1 - du, v0: rect.v0 + dv, v1: rect.v1 - dv };
          out.push({ kind: 'water', name: pond, geom: { type: 'Polygon', coordinates: [rectRing(water, project)] } });
        }
      } else if (parcel.use === 'residential' || parcel.use === 'dormitory') {
        // open lots in a compound are its gardens
        for (const lot of parcel.lots) {
          if (lot.building) continue;
          const rect = intersect({ u0: lot.u0 + 0.3, v0: lot.v0 + 0.3, u1: lot.u1 - 0.3, v1: lot.v1 - 0.3 }, buildable);
          if (rect) out.push({ kind: 'green', name: null, geom: { type: 'Polygon', coordinates: [rectRing(rect, project)] } });
        }
        // internal roads between rows of buildings
        const rows = [...new Set(parcel.lots.map((l) => l.v0))].filter((v) => v > parcel.v0 && v > buildable.v0 && v < buildable.v1).sort((a, b) => a - b);
        const u0 = Math.max(parcel.u0 + 0.5, buildable.u0);
        const u1 = Math.min(parcel.u1 - 0.5, buildable.u1);
        if (u1 - u0 < 1) continue;
        for (const v of rows) out.push({ kind: 'path', name: null, geom: { type: 'LineString', coordinates: stations(u0, u1).map((u) => project(u, v)) } });
      }
    }
  }
  out.push(...roads(layout, roadNames, project));
  return out;
}

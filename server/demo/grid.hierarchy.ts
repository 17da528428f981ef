// The grid hierarchy over a laid-out street, in lattice space: streets (city only) → communities (社区,
// whole blocks, so community lines follow roads) → grids (网格, lots) → building groups (楼组, lots).
// Each level is an exact partition of its parent's tiles, so coverage is exact by construction; counts
// are fixed per preset and shared out in proportion to households.
import type { Block, Layout } from './district.layout.ts';
import type { Lot } from './parcel.lots.ts';
import { allocate, partitionByWeight, type PartitionItem } from './grid.partition.ts';
import { boundsOf, type CellRect } from './lattice.boundary.ts';

export interface GridNode {
  level: 1 | 2 | 3;
  street: number;
  /** level 1 is made of blocks; every level lists its lots */
  blocks: Block[];
  lots: Lot[];
  children: GridNode[];
}

export interface StreetNode {
  index: number;
  blocks: Block[];
  communities: GridNode[];
}

interface Counts {
  streets: number;
  communities: number;
  grids: number;
  groups: number;
}

const cells = (r: { u0: number; v0: number; u1: number; v1: number }) => (r.u1 - r.u0) * (r.v1 - r.v0);

/**
 * Weights of a lot. Communities and grids balance households (网格 ≈ 300 households); building groups
 * (楼组) are made of buildings, so they balance residential buildings, a bigger one counting a bit more.
 * Both add a little for area so that parks, water and units are shared out instead of all landing in
 * whichever part happens to be cut last.
 */
function lotWeights(lots: Lot[]): { households: Map<Lot, number>; buildings: Map<Lot, number> } {
  let households = 0;
  let residential = 0;
  let area = 0;
  for (const lot of lots) {
    if (lot.building?.kind === 'residential') {
      households += lot.building.households;
      residential++;
    }
    area += cells(lot);
  }
  const meanHouseholds = residential > 0 ? households / residential : 1;
  const perCellH = area > 0 ? (0.1 * Math.max(households, 1)) / area : 0;
  const perCellB = area > 0 ? (0.05 * Math.max(residential, 1)) / area : 0;
  const hh = (lot: Lot) => (lot.building?.kind === 'residential' ? lot.building.households : 0);
  return {
    households: new Map(lots.map((lot) => [lot, hh(lot) + perCellH * cells(lot)])),
    buildings: new Map(lots.map((lot) => [lot, (hh(lot) > 0 ? 0.75 + (0.25 * hh(lot)) / meanHouseholds : 0) + perCellB * cells(lot)])),
  };
}

function lotItems(lots: Lot[], weight: Map<Lot, number>): Array<PartitionItem & { lot: Lot }> {
  return lots.map((lot) => ({
    lot,
    x: (lot.u0 + lot.u1) / 2,
    y: (lot.v0 + lot.v1) / 2,
    weight: weight.get(lot)!,
    cluster: lot.parcel.id,
    clusterX: (lot.parcel.u0 + lot.parcel.u1) / 2,
    clusterY: (lot.parcel.v0 + lot.parcel.v1) / 2,
  }));
}

function blockItems(blocks: Block[], weight: (b: Block) => number): Array<PartitionItem & { block: Block }> {
  return blocks.map((block) => ({ block, x: (block.u0 + block.u1) / 2, y: (block.v0 + block.v1) / 2, weight: weight(block) }));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Bisection by sorted centres can leave a part in two pieces (a strip of shops cut off from its
 * compound, say). Each stray piece moves to the sibling it shares the longest edge with, so every part
 * ends as one piece wherever its parent is one piece. Parts never empty: a part keeps its heaviest piece
 * (most households), so a grid is never left holding only the school next to its compound.
 */
export function mergeStrayPieces<T extends CellRect>(parts: T[][], weight: (tile: T) => number): T[][] {
  const tiles = parts.flat();
  if (tiles.length === 0) return parts;
  const b = boundsOf(tiles);
  const w = b.u1 - b.u0;
  const owner = new Int32Array(w * (b.v1 - b.v0)).fill(-1);
  tiles.forEach((t, i) => {
    for (let v = t.v0; v < t.v1; v++) owner.fill(i, (v - b.v0) * w + t.u0 - b.u0, (v - b.v0) * w + t.u1 - b.u0);
  });
  const partOf = new Int32Array(tiles.length);
  let k = 0;
  parts.forEach((part, p) => part.forEach(() => (partOf[k++] = p)));

  for (let round = 0; round < 6; round++) {
    // pieces: union-find over tiles of the same part that share an edge
    const root = Int32Array.from(tiles.keys());
    const find = (i: number): number => {
      while (root[i] !== i) i = root[i] = root[root[i]];
      return i;
    };
    const shared = new Map<number, Map<number, number>>(); // piece → neighbouring part → shared edge length
    const edges: Array<[number, number]> = [];
    for (let v = 0; v < b.v1 - b.v0; v++) {
      for (let u = 0; u < w; u++) {
        const a = owner[v * w + u];
        if (a < 0) continue;
        if (u + 1 < w) {
          const c = owner[v * w + u + 1];
          if (c >= 0 && c !== a) edges.push([a, c]);
        }
        if (v + 1 < b.v1 - b.v0) {
          const c = owner[(v + 1) * w + u];
          if (c >= 0 && c !== a) edges.push([a, c]);
        }
      }
    }
    for (const [a, c] of edges) if (partOf[a] === partOf[c]) root[find(a)] = find(c);
    const size = new Map<number, number>();
    const pieceOf = new Int32Array(tiles.length);
    const partOfPiece = new Map<number, number>();
    tiles.forEach((t, i) => {
      const piece = (pieceOf[i] = find(i));
      // weight first, area as the tie-break
      size.set(piece, (size.get(piece) ?? 0) + weight(t) * 1e6 + (t.u1 - t.u0) * (t.v1 - t.v0));
      partOfPiece.set(piece, partOf[i]);
    });
    const main = new Map<number, number>(); // part → its largest piece
    for (const [piece, cells] of size) {
      const p = partOfPiece.get(piece)!;
      const best = main.get(p);
      if (best === undefined || cells > size.get(best)! || (cells === size.get(best)! && piece < best)) main.set(p, piece);
    }
    const note = (piece: number, part: number) => {
      let m = shared.get(piece);
      if (!m) shared.set(piece, (m = new Map()));
      m.set(part, (m.get(part) ?? 0) + 1);
    };
    // A stray piece joins a neighbour's main piece only: two strays facing each other (shop strips on
    // both sides of a road) would otherwise swap parts every round.
    const isMain = (tile: number) => main.get(partOf[tile]) === pieceOf[tile];
    for (const [a, c] of edges) {
      if (partOf[a] === partOf[c]) continue;
      if (isMain(c)) note(pieceOf[a], partOf[c]);
      if (isMain(a)) note(pieceOf[c], partOf[a]);
    }
    let moved = false;
    const moveTo = new Map<number, number>();
    for (const piece of size.keys()) {
      if (main.get(partOfPiece.get(piece)!) === piece) continue;
      const neighbours = [...(shared.get(piece) ?? new Map()).entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      if (neighbours.length > 0) moveTo.set(piece, neighbours[0][0]);
    }
    tiles.forEach((_, i) => {
      const to = moveTo.get(pieceOf[i]);
      if (to !== undefined) {
        partOf[i] = to;
        moved = true;
      }
    });
    if (!moved) break;
  }
  const out: T[][] = parts.map(() => []);
  tiles.forEach((t, i) => out[partOf[i]].push(t));
  return out;
}

export function buildHierarchy(layout: Layout, counts: Counts): StreetNode[] {
  const weights = lotWeights(layout.lots);
  const weight = weights.households;
  const byBuildings = weights.buildings;
  const lotsOf = new Map<Block, Lot[]>();
  for (const block of layout.blocks) lotsOf.set(block, block.parcels.flatMap((p) => p.lots));
  const blockWeight = (b: Block) => sum(lotsOf.get(b)!.map((l) => weight.get(l)!));
  const lotWeight = (l: Lot) => weight.get(l)!;
  const lotsWeight = (lots: Lot[]) => sum(lots.map(lotWeight));

  // Streets are administrative areas of similar size, so they are cut by area, not by households.
  const streetBlocks =
    counts.streets === 1 ? [layout.blocks] : partitionByWeight(blockItems(layout.blocks, cells), counts.streets).map((part) => part.map((it) => it.block));

  const communityQuota = allocate(counts.communities, streetBlocks.map((bs) => sum(bs.map(blockWeight))), streetBlocks.map((bs) => bs.length));
  const streets: StreetNode[] = streetBlocks.map((blocks, index) => ({
    index,
    blocks,
    communities: mergeStrayPieces(partitionByWeight(blockItems(blocks, blockWeight), communityQuota[index]).map((part) => part.map((it) => it.block)), blockWeight).map((bs) => {
      return { level: 1 as const, street: index, blocks: bs, lots: bs.flatMap((b) => lotsOf.get(b)!), children: [] };
    }),
  }));

  const communities = streets.flatMap((s) => s.communities);
  const gridQuota = allocate(counts.grids, communities.map((c) => lotsWeight(c.lots)), communities.map((c) => c.lots.length));
  communities.forEach((community, i) => {
    community.children = mergeStrayPieces(partitionByWeight(lotItems(community.lots, weight), gridQuota[i]).map((part) => part.map((it) => it.lot)), lotWeight).map((lots) => ({
      level: 2 as const,
      street: community.street,
      blocks: [],
      lots,
      children: [],
    }));
  });

  const grids = communities.flatMap((c) => c.children);
  const buildingWeight = (l: Lot) => byBuildings.get(l)!;
  const groupQuota = allocate(counts.groups, grids.map((g) => sum(g.lots.map(buildingWeight))), grids.map((g) => g.lots.length));
  grids.forEach((grid, i) => {
    grid.children = mergeStrayPieces(partitionByWeight(lotItems(grid.lots, byBuildings), groupQuota[i]).map((part) => part.map((it) => it.lot)), buildingWeight).map((lots) => ({
      level: 3 as const,
      street: grid.street,
      blocks: [],
      lots,
      children: [],
    }));
  });
  return streets;
}

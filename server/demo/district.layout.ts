// The physical street in lattice space: road lines, the blocks between them, the parcels in each block
// (compounds, units, shop frontage, parks, river) and the lots in each parcel. Everything is a cell
// rectangle, and rectangles tile their parent exactly, which is what lets grids built from lots cover
// the street with no gaps and no overlaps. Pure: no names, no coordinates, no I/O.
import type { CellRect } from './lattice.boundary.ts';
import type { Random } from './seeded.random.ts';
import type { UnitType } from './chinese.names.ts';
import { lotParcel, type Lot, type ResidentialStyle } from './parcel.lots.ts';

export type RoadKind = 'arterial' | 'branch';
export type ParcelUse = 'residential' | 'dormitory' | 'unit' | 'shops' | 'green' | 'water';
export type Side = 'south' | 'north' | 'west' | 'east';

/** A road along a lattice line: axis 'u' is the line u = at (runs north–south), 'v' is v = at. */
export interface RoadLine {
  id: number;
  axis: 'u' | 'v';
  at: number;
  kind: RoadKind;
  riverside: boolean;
}

export interface Block extends CellRect {
  id: number;
  water: boolean;
  sides: Record<Side, RoadLine>;
  parcels: Parcel[];
}

export interface Parcel extends CellRect {
  id: number;
  block: Block;
  use: ParcelUse;
  style: ResidentialStyle | null;
  unitType: UnitType | null;
  /** the road the parcel is addressed on, and which side of the block faces it */
  front: Side;
  lots: Lot[];
}

export interface LayoutParams {
  width: number;
  height: number;
  cellM: number;
  /** cells between arterials */
  arterialGap: [number, number];
  /** cells between roads inside an arterial superblock */
  branchGap: [number, number];
  /** river bands across the street: position as a fraction of the height, width in cells */
  rivers: Array<{ at: number; width: number }>;
  /** corners of the street that lose a block, for an outline that is not a rectangle */
  cornerCuts: number;
  /** chance that an arterial side of a block gets a strip of shops */
  shopChance: number;
  parcelMaxCells: number;
  parcelMinSide: number;
  uses: { residential: number; unit: number; green: number };
  styles: Partial<Record<ResidentialStyle, number>>;
  unitTypes: Partial<Record<UnitType, number>>;
  /** units every street has (street office, schools…), placed before the rest are drawn by weight */
  requiredUnits: UnitType[];
  /** exact compound counts (Kangle: 9 residential + 4 dormitory); otherwise drawn by weight */
  fixedCompounds?: { residential: number; dormitory: number };
}

export interface Layout {
  params: LayoutParams;
  uLines: RoadLine[];
  vLines: RoadLine[];
  blocks: Block[];
  parcels: Parcel[];
  lots: Lot[];
  rivers: Array<{ v0: number; v1: number }>;
}

const SHOP_DEPTH = 3;

/** Half the carriageway: roads are drawn centred on block edges, so buildings keep this far back. */
export const ROAD_HALF_WIDTH_M: Record<RoadKind, number> = { arterial: 10, branch: 4 };
const SETBACK_M = 1;

/** Where buildings may stand in a block: inside the road edges, in lattice units. */
export function buildableRect(block: Block, cellM: number): CellRect {
  const inset = (side: Side) => (ROAD_HALF_WIDTH_M[block.sides[side].kind] + SETBACK_M) / cellM;
  return { u0: block.u0 + inset('west'), u1: block.u1 - inset('east'), v0: block.v0 + inset('south'), v1: block.v1 - inset('north') };
}

/** Positions from `from` to `to` (both included) with gaps drawn from [min, max]. */
function spaced(from: number, to: number, [min, max]: [number, number], r: Random): number[] {
  const out = [from];
  let p = from;
  while (to - p > max) {
    const hi = Math.max(min, Math.min(max, to - p - min));
    p += r.int(min, hi);
    out.push(p);
  }
  out.push(to);
  return out;
}

function roadLines(axis: 'u' | 'v', length: number, params: LayoutParams, r: Random, bands: Array<{ v0: number; v1: number }>): RoadLine[] {
  const lines: Array<Omit<RoadLine, 'id'>> = [];
  // Between river bands (only across v) the street is laid out as its own run of superblocks.
  const runs: Array<[number, number]> = [];
  let start = 0;
  for (const band of axis === 'v' ? bands : []) {
    runs.push([start, band.v0]);
    start = band.v1;
  }
  runs.push([start, length]);
  runs.forEach(([a, b], k) => {
    const arterials = spaced(a, b, params.arterialGap, r);
    arterials.forEach((at, i) => {
      const riverside = (i === 0 && k > 0) || (i === arterials.length - 1 && k < runs.length - 1);
      lines.push({ axis, at, kind: riverside ? 'branch' : 'arterial', riverside });
      if (i + 1 < arterials.length) {
        for (const at2 of spaced(at, arterials[i + 1], params.branchGap, r).slice(1, -1)) lines.push({ axis, at: at2, kind: 'branch', riverside: false });
      }
    });
  });
  return lines.sort((p, q) => p.at - q.at).map((l, i) => ({ ...l, id: i }));
}

function riverBands(params: LayoutParams): Array<{ v0: number; v1: number }> {
  return params.rivers.map(({ at, width }) => {
    const v0 = Math.round(params.height * at);
    return { v0, v1: v0 + width };
  });
}

/** Removes corner blocks so the street's outline has some character; never water, never the last row. */
function cutCorners(grid: Array<Array<Block | null>>, cuts: number, r: Random): void {
  const cols = grid.length;
  const rows = grid[0].length;
  if (cols < 3 || rows < 3) return;
  const corners: Array<[number, number, number, number]> = r.shuffle([
    [0, 0, 1, 1],
    [cols - 1, 0, -1, 1],
    [0, rows - 1, 1, -1],
    [cols - 1, rows - 1, -1, -1],
  ]);
  for (const [i, j, di, dj] of corners.slice(0, cuts)) {
    if (grid[i][j]?.water) continue;
    grid[i][j] = null;
    // sometimes take the neighbour along one edge too
    if (r.chance(0.5)) {
      const [ni, nj] = r.chance(0.5) ? [i + di, j] : [i, j + dj];
      if (grid[ni][nj] && !grid[ni][nj]!.water) grid[ni][nj] = null;
    }
  }
}

function guillotine(rect: CellRect, params: LayoutParams, r: Random, out: CellRect[]): void {
  const w = rect.u1 - rect.u0;
  const h = rect.v1 - rect.v0;
  const area = w * h;
  const min = params.parcelMinSide;
  if (area <= params.parcelMaxCells && (area < params.parcelMaxCells * 0.45 || r.chance(0.5))) {
    out.push(rect);
    return;
  }
  let alongU = w > h || (w === h && r.chance(0.5));
  if ((alongU ? w : h) < 2 * min) alongU = !alongU;
  const len = alongU ? w : h;
  if (len < 2 * min) {
    out.push(rect);
    return;
  }
  const cut = r.int(Math.max(min, Math.round(len * 0.35)), Math.min(len - min, Math.round(len * 0.65)));
  if (alongU) {
    guillotine({ ...rect, u1: rect.u0 + cut }, params, r, out);
    guillotine({ ...rect, u0: rect.u0 + cut }, params, r, out);
  } else {
    guillotine({ ...rect, v1: rect.v0 + cut }, params, r, out);
    guillotine({ ...rect, v0: rect.v0 + cut }, params, r, out);
  }
}

/** Splits the largest rectangles in two until there are at least n. */
function atLeast(rects: CellRect[], n: number, minSide: number): CellRect[] {
  const out = rects.slice();
  while (out.length < n) {
    out.sort((a, b) => (b.u1 - b.u0) * (b.v1 - b.v0) - (a.u1 - a.u0) * (a.v1 - a.v0));
    const i = out.findIndex((q) => Math.max(q.u1 - q.u0, q.v1 - q.v0) >= 2 * minSide);
    if (i < 0) throw new Error(`the layout has room for only ${out.length} parcels, ${n} needed`);
    const q = out.splice(i, 1)[0];
    if (q.u1 - q.u0 >= q.v1 - q.v0) {
      const m = q.u0 + Math.floor((q.u1 - q.u0) / 2);
      out.push({ ...q, u1: m }, { ...q, u0: m });
    } else {
      const m = q.v0 + Math.floor((q.v1 - q.v0) / 2);
      out.push({ ...q, v1: m }, { ...q, v0: m });
    }
  }
  return out;
}

/** The side of the block the parcel touches, preferring arterials, for its street address. */
function frontOf(rect: CellRect, block: Block): Side {
  const touching: Side[] = [];
  if (rect.v0 === block.v0) touching.push('south');
  if (rect.v1 === block.v1) touching.push('north');
  if (rect.u0 === block.u0) touching.push('west');
  if (rect.u1 === block.u1) touching.push('east');
  if (touching.length === 0) return 'south';
  return touching.find((s) => block.sides[s].kind === 'arterial') ?? touching[0];
}

interface Draft {
  rect: CellRect;
  block: Block;
  use: ParcelUse;
  front: Side;
  style: ResidentialStyle | null;
  unitType: UnitType | null;
}

/** Shop strips along arterial sides, then the rest of the block cut into parcels. */
function draftBlock(block: Block, params: LayoutParams, r: Random, drafts: Draft[], cores: Array<{ rect: CellRect; block: Block }>): void {
  if (block.water) {
    drafts.push({ rect: block, block, use: 'water', front: 'south', style: null, unitType: null });
    return;
  }
  const core: CellRect = { u0: block.u0, v0: block.v0, u1: block.u1, v1: block.v1 };
  const room = params.parcelMinSide + SHOP_DEPTH;
  const strip = (side: Side) => block.sides[side].kind === 'arterial' && !block.sides[side].riverside && r.chance(params.shopChance);
  for (const side of ['south', 'north'] as const) {
    if (core.v1 - core.v0 < room || !strip(side)) continue;
    const rect = side === 'south' ? { ...core, v1: core.v0 + SHOP_DEPTH } : { ...core, v0: core.v1 - SHOP_DEPTH };
    drafts.push({ rect, block, use: 'shops', front: side, style: null, unitType: null });
    if (side === 'south') core.v0 += SHOP_DEPTH;
    else core.v1 -= SHOP_DEPTH;
  }
  for (const side of ['west', 'east'] as const) {
    if (core.u1 - core.u0 < room || !strip(side)) continue;
    const rect = side === 'west' ? { ...core, u1: core.u0 + SHOP_DEPTH } : { ...core, u0: core.u1 - SHOP_DEPTH };
    drafts.push({ rect, block, use: 'shops', front: side, style: null, unitType: null });
    if (side === 'west') core.u0 += SHOP_DEPTH;
    else core.u1 -= SHOP_DEPTH;
  }
  cores.push({ rect: core, block });
}

function weightedKey<K extends string>(r: Random, table: Partial<Record<K, number>>): K {
  const keys = Object.keys(table) as K[];
  return r.weighted(keys, keys.map((k) => table[k] ?? 0));
}

function assignUses(candidates: Array<{ rect: CellRect; block: Block }>, params: LayoutParams, r: Random): Draft[] {
  const area = (q: CellRect) => (q.u1 - q.u0) * (q.v1 - q.v0);
  const pool = candidates.slice();
  const drafts: Draft[] = [];
  const take = (i: number, use: ParcelUse, style: ResidentialStyle | null, unitType: UnitType | null) => {
    const { rect, block } = pool.splice(i, 1)[0];
    drafts.push({ rect, block, use, front: frontOf(rect, block), style, unitType });
  };
  // Required units go to parcels of middling size: a school needs room, but not a whole superblock.
  const sizes = pool.map((c) => area(c.rect)).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
  for (const unitType of params.requiredUnits) {
    const fitting = pool.map((c, i) => [i, area(c.rect)] as const).filter(([, a]) => a >= median * 0.5 && a <= median * 1.6);
    const i = fitting.length > 0 ? r.pick(fitting)[0] : r.int(0, pool.length - 1);
    take(i, 'unit', null, unitType);
  }
  if (params.fixedCompounds) {
    const { residential, dormitory } = params.fixedCompounds;
    // Dormitory blocks are the small parcels; compounds the large ones; what is left is parks and units.
    pool.sort((a, b) => area(a.rect) - area(b.rect) || a.rect.u0 - b.rect.u0 || a.rect.v0 - b.rect.v0);
    for (let k = 0; k < dormitory; k++) take(0, 'dormitory', 'dormitory', null);
    for (let k = 0; k < residential; k++) take(pool.length - 1, 'residential', weightedKey(r, params.styles), null);
    let greens = 0;
    while (pool.length > 0) {
      if (greens === 0 || r.chance(params.uses.green / (params.uses.green + params.uses.unit))) {
        take(0, 'green', null, null);
        greens++;
      } else take(0, 'unit', null, weightedKey(r, params.unitTypes));
    }
    return drafts;
  }
  while (pool.length > 0) {
    const use = weightedKey(r, params.uses);
    if (use === 'residential') take(0, 'residential', weightedKey(r, params.styles), null);
    else if (use === 'unit') take(0, 'unit', null, weightedKey(r, params.unitTypes));
    else take(0, 'green', null, null);
  }
  return drafts;
}

export function layoutStreet(params: LayoutParams, r: Random): Layout {
  const rivers = riverBands(params);
  const uLines = roadLines('u', params.width, params, r.fork('u'), []);
  const vLines = roadLines('v', params.height, params, r.fork('v'), rivers);

  const grid: Array<Array<Block | null>> = [];
  for (let i = 0; i + 1 < uLines.length; i++) {
    const column: Array<Block | null> = [];
    for (let j = 0; j + 1 < vLines.length; j++) {
      const v0 = vLines[j].at;
      const v1 = vLines[j + 1].at;
      column.push({
        id: 0,
        u0: uLines[i].at,
        u1: uLines[i + 1].at,
        v0,
        v1,
        water: rivers.some((b) => b.v0 === v0 && b.v1 === v1),
        sides: { west: uLines[i], east: uLines[i + 1], south: vLines[j], north: vLines[j + 1] },
        parcels: [],
      });
    }
    grid.push(column);
  }
  cutCorners(grid, params.cornerCuts, r.fork('corners'));
  const blocks = grid.flat().filter((b): b is Block => b !== null);
  blocks.forEach((b, i) => (b.id = i));

  const pr = r.fork('parcels');
  const drafts: Draft[] = [];
  const cores: Array<{ rect: CellRect; block: Block }> = [];
  for (const block of blocks) draftBlock(block, params, pr, drafts, cores);
  let leaves: Array<{ rect: CellRect; block: Block }> = [];
  for (const core of cores) {
    const rects: CellRect[] = [];
    guillotine(core.rect, params, pr, rects);
    for (const rect of rects) leaves.push({ rect, block: core.block });
  }
  if (params.fixedCompounds) {
    const needed = params.fixedCompounds.residential + params.fixedCompounds.dormitory + params.requiredUnits.length + 1;
    if (leaves.length < needed) {
      // Split within blocks only: a parcel never crosses a road.
      const all = atLeast(leaves.map((l) => l.rect), needed, params.parcelMinSide);
      const owner = (q: CellRect) => blocks.find((b) => q.u0 >= b.u0 && q.u1 <= b.u1 && q.v0 >= b.v0 && q.v1 <= b.v1)!;
      leaves = all.map((rect) => ({ rect, block: owner(rect) }));
    }
  }
  drafts.push(...assignUses(leaves, params, pr.fork('uses')));

  // Parcels in a stable spatial order (block by block), so ids and building numbers read naturally.
  const blockIndex = new Map(blocks.map((b, i) => [b, i]));
  drafts.sort((a, b) => blockIndex.get(a.block)! - blockIndex.get(b.block)! || b.rect.v1 - a.rect.v1 || a.rect.u0 - b.rect.u0);
  const parcels: Parcel[] = [];
  const lots: Lot[] = [];
  const lr = r.fork('lots');
  for (const d of drafts) {
    const parcel: Parcel = { id: parcels.length, ...d.rect, block: d.block, use: d.use, style: d.style, unitType: d.unitType, front: d.front, lots: [] };
    parcel.lots = lotParcel(parcel, params.cellM, lr, lots.length);
    lots.push(...parcel.lots);
    d.block.parcels.push(parcel);
    parcels.push(parcel);
  }
  return { params, uLines, vLines, blocks, parcels, lots, rivers };
}

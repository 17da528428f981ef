import { describe, expect, it } from 'vitest';
import { buildableRect, type Block, type Parcel, type ParcelUse, type RoadLine } from './district.layout.ts';
import { lotParcel, RESIDENTIAL_FORMS, type ResidentialStyle } from './parcel.lots.ts';
import { seededRandom } from './seeded.random.ts';
import type { UnitType } from './chinese.names.ts';

const CELL_M = 10;
const line = (id: number, axis: 'u' | 'v', at: number, kind: 'arterial' | 'branch'): RoadLine => ({ id, axis, at, kind, riverside: false });

/** A 40×30-cell block: arterials west and south, branch roads east and north. */
function block(): Block {
  return {
    id: 0,
    u0: 0,
    u1: 40,
    v0: 0,
    v1: 30,
    water: false,
    sides: { west: line(0, 'u', 0, 'arterial'), east: line(1, 'u', 40, 'branch'), south: line(2, 'v', 0, 'arterial'), north: line(3, 'v', 30, 'branch') },
    parcels: [],
  };
}

function parcel(b: Block, rect: { u0: number; u1: number; v0: number; v1: number }, use: ParcelUse, style: ResidentialStyle | null = null, unitType: UnitType | null = null): Parcel {
  return { id: 0, ...rect, block: b, use, style, unitType, front: 'south', lots: [] };
}

/** Each cell of the parcel claimed by exactly one lot. */
function claims(p: Parcel, lots: ReturnType<typeof lotParcel>): number[] {
  const w = p.u1 - p.u0;
  const grid = new Array<number>(w * (p.v1 - p.v0)).fill(0);
  for (const lot of lots) {
    expect(lot.u1).toBeGreaterThan(lot.u0);
    expect(lot.v1).toBeGreaterThan(lot.v0);
    for (let v = lot.v0; v < lot.v1; v++) for (let u = lot.u0; u < lot.u1; u++) grid[(v - p.v0) * w + (u - p.u0)]++;
  }
  return grid;
}

describe('lotParcel', () => {
  const styles = Object.keys(RESIDENTIAL_FORMS) as ResidentialStyle[];

  it.each(styles)('tiles a %s parcel exactly with lots, one building each, inside its lot and behind the roads', (style) => {
    const b = block();
    const p = parcel(b, { u0: 0, u1: 25, v0: 0, v1: 30 }, 'residential', style);
    const lots = lotParcel(p, CELL_M, seededRandom(1, style), 100);
    expect(new Set(claims(p, lots))).toEqual(new Set([1]));
    expect(lots.map((l) => l.id)).toEqual(lots.map((_, i) => 100 + i));
    const room = buildableRect(b, CELL_M);
    const form = RESIDENTIAL_FORMS[style];
    const built = lots.filter((l) => l.building);
    expect(built.length).toBeGreaterThan(0);
    for (const { building: bd, ...lot } of built) {
      const { cu, cv, hu, hv, floors, households, population, kind } = bd!;
      expect(kind).toBe('residential');
      // footprint strictly inside the lot, and clear of the road verge
      expect(cu - hu).toBeGreaterThan(Math.max(lot.u0, room.u0));
      expect(cu + hu).toBeLessThan(Math.min(lot.u1, room.u1));
      expect(cv - hv).toBeGreaterThan(Math.max(lot.v0, room.v0));
      expect(cv + hv).toBeLessThan(Math.min(lot.v1, room.v1));
      expect(floors).toBeGreaterThanOrEqual(form.floors[0]);
      expect(floors).toBeLessThanOrEqual(form.floors[1]);
      expect(households).toBeGreaterThanOrEqual(floors * form.perFloor[0]);
      expect(households).toBeLessThanOrEqual(floors * form.perFloor[1]);
      expect(population).toBeGreaterThanOrEqual(households);
      expect(population).toBeLessThanOrEqual(households * 5);
    }
  });

  it('gives shops one row along their street and no households', () => {
    const b = block();
    const p = { ...parcel(b, { u0: 0, u1: 40, v0: 0, v1: 3 }, 'shops'), front: 'south' as const };
    const lots = lotParcel(p, CELL_M, seededRandom(2), 0);
    expect(new Set(claims(p, lots))).toEqual(new Set([1]));
    expect(new Set(lots.map((l) => l.v0))).toEqual(new Set([0]));
    expect(lots.length).toBeGreaterThan(5);
    for (const l of lots) expect(l.building).toMatchObject({ kind: 'shop', households: 0, population: 0 });
  });

  it('names unit buildings after the unit type and leaves the rest of the campus open', () => {
    const b = block();
    const p = parcel(b, { u0: 0, u1: 40, v0: 0, v1: 30 }, 'unit', null, 'police');
    const lots = lotParcel(p, CELL_M, seededRandom(3), 0);
    expect(new Set(claims(p, lots))).toEqual(new Set([1]));
    const built = lots.filter((l) => l.building);
    expect(built.map((l) => l.building!.label)).toEqual(['办公楼']);
    expect(lots.length).toBeGreaterThan(1);
  });

  it('cuts parks and water into open lots of about 100 m', () => {
    const b = block();
    const p = parcel(b, { u0: 0, u1: 40, v0: 0, v1: 30 }, 'green');
    const lots = lotParcel(p, CELL_M, seededRandom(4), 0);
    expect(new Set(claims(p, lots))).toEqual(new Set([1]));
    expect(lots).toHaveLength(12);
    expect(lots.every((l) => l.building === null)).toBe(true);
  });

  it('keeps a parcel that is all road verge as open land', () => {
    const b = block();
    const p = parcel(b, { u0: 0, u1: 1, v0: 0, v1: 30 }, 'residential', 'walkup');
    const lots = lotParcel(p, CELL_M, seededRandom(5), 0);
    expect(new Set(claims(p, lots))).toEqual(new Set([1]));
    expect(lots.every((l) => l.building === null)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const b = block();
    const p = parcel(b, { u0: 0, u1: 40, v0: 0, v1: 30 }, 'residential', 'lowrise');
    const strip = (lots: ReturnType<typeof lotParcel>) => lots.map(({ parcel: _, ...l }) => l);
    expect(strip(lotParcel(p, CELL_M, seededRandom(9), 0))).toEqual(strip(lotParcel(p, CELL_M, seededRandom(9), 0)));
    expect(strip(lotParcel(p, CELL_M, seededRandom(9), 0))).not.toEqual(strip(lotParcel(p, CELL_M, seededRandom(10), 0)));
  });
});

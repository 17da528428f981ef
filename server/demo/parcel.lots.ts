// Lots: the atoms of the demo. Each parcel is cut into lots that tile it exactly; a lot holds at most
// one building, set back from the road centre lines and from the lot's own edges, so that any union of
// lots (a building group, a grid, a community) has every building point well inside it.
import type { CellRect } from './lattice.boundary.ts';
import type { Random } from './seeded.random.ts';
import { buildableRect, type Parcel } from './district.layout.ts';
import { UNIT_NAMES } from './chinese.names.ts';

export type ResidentialStyle = 'village' | 'lowrise' | 'walkup' | 'midrise' | 'highrise' | 'dormitory';
export type BuildingKind = 'residential' | 'unit' | 'shop';

export interface LotBuilding {
  kind: BuildingKind;
  /** footprint centre and half extents, lattice units */
  cu: number;
  cv: number;
  hu: number;
  hv: number;
  floors: number;
  households: number;
  population: number;
  /** the unit's building label (教学楼…) for kind 'unit' */
  label: string | null;
}

export interface Lot extends CellRect {
  id: number;
  parcel: Parcel;
  building: LotBuilding | null;
}

interface Form {
  /** lot and footprint sizes in metres, u (east–west) × v (north–south) */
  lot: [number, number];
  footprint: [number, number];
  floors: [number, number];
  /** households per floor */
  perFloor: [number, number];
}

// Chinese housing faces south: slabs run east–west, rows are spaced for winter sun, so lots are
// wider than deep for walk-ups and deeper for towers (longer shadows).
export const RESIDENTIAL_FORMS: Record<ResidentialStyle, Form> = {
  // 自建房: village houses on their own small plots
  village: { lot: [20, 20], footprint: [12, 12], floors: [2, 5], perFloor: [1, 2] },
  lowrise: { lot: [30, 30], footprint: [14, 11], floors: [2, 4], perFloor: [1, 3] },
  walkup: { lot: [60, 40], footprint: [44, 12], floors: [5, 7], perFloor: [4, 6] },
  midrise: { lot: [50, 50], footprint: [34, 16], floors: [11, 18], perFloor: [4, 4] },
  highrise: { lot: [50, 70], footprint: [36, 18], floors: [24, 33], perFloor: [4, 4] },
  dormitory: { lot: [50, 40], footprint: [40, 12], floors: [4, 6], perFloor: [4, 6] },
};
const UNIT_FORM: Form = { lot: [60, 50], footprint: [42, 18], floors: [3, 8], perFloor: [0, 0] };
const SHOP_FORM: Form = { lot: [25, 30], footprint: [14, 11], floors: [1, 3], perFloor: [0, 0] };
/** green and water are cut into lots too, so a large park can be shared out between grids */
const OPEN_LOT_M = 100;

/** Gap between a footprint and its lot's inner edges, metres: neighbouring buildings never touch. */
const SETBACK_M = 4;

/** Persons per household: the 2020 census urban average is about 2.6–2.8. */
function population(r: Random, households: number): number {
  let p = 0;
  for (let i = 0; i < households; i++) p += r.weighted([1, 2, 3, 4, 5], [0.14, 0.3, 0.3, 0.17, 0.09]);
  return p;
}

/** Cut positions of a side into n parts over [a, b], integral, covering the whole side. */
function cuts(from: number, to: number, a: number, b: number, n: number): number[] {
  const out = [from];
  for (let k = 1; k < n; k++) out.push(Math.round(a + ((b - a) * k) / n));
  out.push(to);
  return out;
}

function formOf(parcel: Parcel): Form | null {
  switch (parcel.use) {
    case 'residential':
    case 'dormitory':
      return RESIDENTIAL_FORMS[parcel.style ?? 'walkup'];
    case 'unit':
      return UNIT_FORM;
    case 'shops':
      return SHOP_FORM;
    default:
      return null;
  }
}

/**
 * Cuts a parcel into lots. Lot edges are lattice lines; buildings sit in the part of each lot behind
 * the road setback, centred, with their footprint shrunk when the lot is tight.
 */
export function lotParcel(parcel: Parcel, cellM: number, r: Random, firstId: number): Lot[] {
  const form = formOf(parcel);
  const w = parcel.u1 - parcel.u0;
  const h = parcel.v1 - parcel.v0;
  // The block's buildable rectangle keeps behind the roads; inner parcel edges need no inset.
  const room = buildableRect(parcel.block, cellM);
  const a0 = Math.max(parcel.u0, room.u0);
  const a1 = Math.min(parcel.u1, room.u1);
  const b0 = Math.max(parcel.v0, room.v0);
  const b1 = Math.min(parcel.v1, room.v1);
  // A parcel that is nearly all road verge cannot hold a building: it is open land.
  if (!form || a1 - a0 < 1 || b1 - b0 < 1) {
    // Open land: lots of about OPEN_LOT_M square.
    const nu = Math.max(1, Math.round((w * cellM) / OPEN_LOT_M));
    const nv = Math.max(1, Math.round((h * cellM) / OPEN_LOT_M));
    const us = cuts(parcel.u0, parcel.u1, parcel.u0, parcel.u1, Math.min(nu, w));
    const vs = cuts(parcel.v0, parcel.v1, parcel.v0, parcel.v1, Math.min(nv, h));
    const lots: Lot[] = [];
    for (let j = vs.length - 2; j >= 0; j--) {
      for (let i = 0; i + 1 < us.length; i++) lots.push({ id: firstId + lots.length, u0: us[i], u1: us[i + 1], v0: vs[j], v1: vs[j + 1], parcel, building: null });
    }
    return lots;
  }

  const lotW = form.lot[0] / cellM;
  const lotH = form.lot[1] / cellM;
  let nu = Math.max(1, Math.floor((a1 - a0) / lotW));
  let nv = Math.max(1, Math.floor((b1 - b0) / lotH));
  // Shops are one row deep along their street, whichever way the strip runs.
  if (parcel.use === 'shops') {
    if (parcel.front === 'south' || parcel.front === 'north') nv = 1;
    else {
      nu = 1;
      nv = Math.max(1, Math.floor((b1 - b0) / (form.lot[0] / cellM)));
    }
  }
  // Lot edges must be distinct lattice lines.
  nu = Math.min(nu, w);
  nv = Math.min(nv, h);
  const us = cuts(parcel.u0, parcel.u1, a0, a1, nu);
  const vs = cuts(parcel.v0, parcel.v1, b0, b1, nv);
  const unitBuildings = parcel.unitType ? UNIT_NAMES[parcel.unitType].buildings : [];
  const setback = SETBACK_M / cellM;
  const lots: Lot[] = [];
  // North row first, west to east: building numbers then read like a compound's own plan.
  for (let j = vs.length - 2; j >= 0; j--) {
    for (let i = 0; i + 1 < us.length; i++) {
      const lot: Lot = { id: firstId + lots.length, u0: us[i], u1: us[i + 1], v0: vs[j], v1: vs[j + 1], parcel, building: null };
      lots.push(lot);
      if (parcel.use === 'unit' && lots.length > unitBuildings.length) continue; // playground, car park
      const bu0 = Math.max(lot.u0, a0) + setback;
      const bu1 = Math.min(lot.u1, a1) - setback;
      const bv0 = Math.max(lot.v0, b0) + setback;
      const bv1 = Math.min(lot.v1, b1) - setback;
      const rot = parcel.use === 'shops' && (parcel.front === 'west' || parcel.front === 'east');
      const [fw, fh] = rot ? [form.footprint[1], form.footprint[0]] : form.footprint;
      const hu = Math.min(fw / cellM, bu1 - bu0) / 2;
      const hv = Math.min(fh / cellM, bv1 - bv0) / 2;
      // Too tight for a building worth the name: the lot stays open ground.
      if (hu * 2 * cellM < 6 || hv * 2 * cellM < 6) continue;
      const floors = r.int(form.floors[0], form.floors[1]);
      const kind = parcel.use === 'unit' ? 'unit' : parcel.use === 'shops' ? 'shop' : 'residential';
      const households = kind === 'residential' ? floors * r.int(form.perFloor[0], form.perFloor[1]) : 0;
      lot.building = {
        kind,
        cu: (bu0 + bu1) / 2,
        cv: (bv0 + bv1) / 2,
        hu,
        hv,
        floors,
        households,
        population: population(r, households),
        label: parcel.use === 'unit' ? unitBuildings[lots.length - 1] : null,
      };
    }
  }
  return lots;
}

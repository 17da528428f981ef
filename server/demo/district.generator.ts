// Generates a demo district (示例数据) from a preset and a seed: pure, deterministic, no I/O. The street
// is laid out on an integer lattice, grids are unions of lattice tiles traced exactly, and every vertex
// goes through one projection, so the grid coverage is exact without any geometric union.
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { seededRandom, type Random } from './seeded.random.ts';
import { latticeProjection, type Project } from './lattice.projection.ts';
import { traceCells, type CellRect } from './lattice.boundary.ts';
import { layoutStreet, type Layout, type Parcel, type RoadLine } from './district.layout.ts';
import type { Lot } from './parcel.lots.ts';
import { buildHierarchy, type GridNode } from './grid.hierarchy.ts';
import { createNames, UNIT_NAMES, type Names } from './chinese.names.ts';
import { basemapFeatures, projectMultiPolygon } from './basemap.features.ts';
import { rollResidents, syntheticIdNumber } from './resident.roll.ts';
import { eventHistory, type EventSite } from './event.history.ts';
import { PRESETS, type PresetConfig } from './preset.config.ts';
import type { BuildingRow, CompoundRow, District, GenerateOptions, GridRow, StaffRow } from './district.types.ts';

export type { District, GenerateOptions } from './district.types.ts';

const DAY = 86_400_000;

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

/**
 * Events are dated back from a reference instant derived from the seed, not from the wall clock, so the
 * same seed gives the same rows on any day: 2025-06-01 00:00 China time plus (seed mod 28) days.
 */
export function referenceTime(seed: number): Date {
  return new Date(Date.UTC(2025, 4, 31, 16) + (((seed % 28) + 28) % 28) * DAY);
}

// How far floors may be stretched when calibrating households, per building style.
const FLOOR_LIMITS: Record<string, [number, number]> = {
  village: [2, 6],
  lowrise: [2, 4],
  walkup: [4, 8],
  midrise: [8, 18],
  highrise: [16, 34],
  dormitory: [3, 6],
};

/**
 * Brings the street's households to the target: first scales every residential building's floors (for
 * large corrections), then adds or removes single floors, building by building in a shuffled order, so
 * the total lands within a few households of the target without any one building looking odd.
 */
export function calibrateHouseholds(lots: Lot[], target: number, r: Random): void {
  const homes = lots.filter((l) => l.building?.kind === 'residential' && l.building.floors > 0).map((l) => l.building!);
  if (homes.length === 0) return;
  const styleOf = new Map(lots.filter((l) => l.building).map((l) => [l.building!, l.parcel.style ?? 'walkup']));
  const limits = (b: (typeof homes)[number]) => FLOOR_LIMITS[styleOf.get(b)!] ?? [1, 40];
  const perFloor = new Map(homes.map((b) => [b, b.households / b.floors]));
  const setFloors = (b: (typeof homes)[number], floors: number) => {
    b.floors = floors;
    b.households = Math.round(floors * perFloor.get(b)!);
  };
  const total = () => homes.reduce((a, b) => a + b.households, 0);
  const ratio = target / total();
  if (Math.abs(ratio - 1) > 0.05) {
    for (const b of homes) {
      const [lo, hi] = limits(b);
      setFloors(b, Math.max(lo, Math.min(hi, Math.round(b.floors * ratio))));
    }
  }
  const order = r.shuffle([...homes.keys()]);
  let gap = target - total();
  for (let pass = 0; pass < 8 && gap !== 0; pass++) {
    let changed = false;
    for (const i of order) {
      const b = homes[i];
      const step = Math.round(perFloor.get(b)!);
      if (step === 0 || Math.abs(gap) < step / 2 + 0.5) continue;
      const [lo, hi] = limits(b);
      const floors = b.floors + Math.sign(gap);
      if (floors < lo || floors > hi) continue;
      const before = b.households;
      setFloors(b, floors);
      gap -= b.households - before;
      changed = true;
    }
    if (!changed) break;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function roadStem(name: string): string {
  return name.replace(/(大街|大道|路|街)$/, '');
}

/** House number along a road: odd on the north/east side, even on the south/west, about every 10 m. */
function houseNumber(line: RoadLine, rect: CellRect, parcelFront: string, cellM: number): number {
  const along = line.axis === 'v' ? (rect.u0 + rect.u1) / 2 : (rect.v0 + rect.v1) / 2;
  const odd = parcelFront === 'south' || parcelFront === 'west';
  return Math.max(0, Math.floor((along * cellM) / 20)) * 2 + (odd ? 1 : 2);
}

/** "1-4、6、9" from building numbers; long lists are cut short with 等. */
function numberRuns(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return runs.length > 3 ? `${runs.slice(0, 2).join('、')}等` : runs.join('、');
}

const DORMITORY_OWNERS = ['纺织厂', '机械厂', '电厂', '化工厂', '卷烟厂', '造船厂', '铁路', '供电局', '邮电局', '自来水公司', '师范学校', '第二医院', '建筑公司', '粮食局'];
const OFFICE_SUFFIXES = ['大厦', '科技大厦', '商务中心', '产业园', '办公楼'];
const PARK_SUFFIXES = ['公园', '游园', '绿地', '广场'];

function uniqueName(names: Names, make: () => string): string {
  for (let i = 0; i < 50; i++) {
    const name = make();
    if (!names.taken(name)) {
      names.reserve(name);
      return name;
    }
  }
  for (let n = 2; ; n++) {
    const name = `${make()}${['', '', '二', '三', '四', '五', '六', '七', '八', '九'][n] ?? n}${n < 10 ? '分部' : '号'}`;
    if (!names.taken(name)) {
      names.reserve(name);
      return name;
    }
  }
}

interface Context {
  config: PresetConfig;
  layout: Layout;
  project: Project;
  names: Names;
  r: Random;
}

function nameRoads({ config, layout, names, r }: Context): Map<RoadLine, string> {
  const roadNames = new Map<RoadLine, string>();
  const arterialPool = [...config.arterialNames];
  for (const n of arterialPool) names.reserve(n);
  // alternate directions so both get the well-known names
  const arterials: RoadLine[] = [];
  const us = layout.uLines.filter((l) => l.kind === 'arterial');
  const vs = layout.vLines.filter((l) => l.kind === 'arterial');
  for (let i = 0; i < Math.max(us.length, vs.length); i++) {
    if (i < us.length) arterials.push(us[i]);
    if (i < vs.length) arterials.push(vs[i]);
  }
  for (const line of arterials) roadNames.set(line, arterialPool.shift() ?? names.road(r));
  const rivers = layout.rivers;
  for (const line of [...layout.uLines, ...layout.vLines]) {
    if (roadNames.has(line)) continue;
    if (line.riverside) {
      const k = rivers.findIndex((b) => b.v0 === line.at || b.v1 === line.at);
      const north = rivers[k]?.v1 === line.at;
      const stem = k === 0 ? '滨河' : roadStem(config.riverNames[k] ?? `${k + 1}号河`);
      const name = `${stem}${north ? '北' : '南'}路`;
      names.reserve(name);
      roadNames.set(line, name);
    } else roadNames.set(line, names.road(r));
  }
  return roadNames;
}

export function generateDistrict(preset: string, options: GenerateOptions = {}): District {
  const config = PRESETS[preset];
  if (!config) throw new Error(`unknown demo preset "${preset}"; known presets: ${presetNames().join(', ')}`);
  const seed = options.seed ?? config.defaultSeed;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const now = options.now ?? referenceTime(seed);
  const root = seededRandom(seed, preset);

  const layout = layoutStreet(config.layout, root.fork('layout'));
  calibrateHouseholds(layout.lots, config.targetHouseholds, root.fork('calibrate'));
  const cellM = config.layout.cellM;
  const project = latticeProjection({
    lon0: config.lon0,
    lat0: config.lat0,
    cellM,
    rotationDeg: config.rotationDeg,
    warpM: config.warpM,
    wavelengthM: config.wavelengthM,
    phase: root.fork('warp').between(0, 2 * Math.PI),
  });
  const streets = buildHierarchy(layout, { streets: config.streets.length, ...config.counts });
  const names = createNames();
  const ctx: Context = { config, layout, project, names, r: root.fork('names') };
  const nr = ctx.r;
  for (const s of config.streets) names.reserve(s.name);
  const roadNames = nameRoads(ctx);

  // Which community, grid and building group every lot belongs to.
  const communities = streets.flatMap((s) => s.communities);
  const communityName = new Map<GridNode, string>();
  const presetCommunityNames = [...config.communityNames];
  for (const n of presetCommunityNames) names.reserve(`${n}社区`);
  for (const c of communities) {
    const stem = presetCommunityNames.shift() ?? names.placeStem(nr);
    const name = `${stem}社区`;
    names.reserve(name);
    communityName.set(c, name);
  }
  const communityOfLot = new Map<Lot, GridNode>();
  for (const c of communities) for (const lot of c.lots) communityOfLot.set(lot, c);

  // Compounds (residential, dormitory, unit) and their buildings.
  const compounds: CompoundRow[] = [];
  const buildings: BuildingRow[] = [];
  const buildingOfLot = new Map<Lot, BuildingRow>();
  const compoundOfParcel = new Map<Parcel, CompoundRow>();
  const parkNames = new Map<number, string>();
  let propertyPhone = 0;
  const square = (rect: CellRect): Polygon => ({
    type: 'Polygon',
    coordinates: [[project(rect.u0, rect.v0), project(rect.u1, rect.v0), project(rect.u1, rect.v1), project(rect.u0, rect.v1), project(rect.u0, rect.v0)]],
  });
  for (const parcel of layout.parcels) {
    const line = parcel.block.sides[parcel.front];
    const road = roadNames.get(line)!;
    const address = `${road}${houseNumber(line, parcel, parcel.front, cellM)}号`;
    const community = communityOfLot.get(parcel.lots[0]);
    const cname = community ? communityName.get(community)! : '';
    let compound: CompoundRow | null = null;
    if (parcel.use === 'residential') {
      const stem = nr.chance(0.4) ? (nr.chance(0.6) ? roadStem(road) : cname.replace(/社区$/, '')) : undefined;
      const name = names.compound(nr, stem && stem.length === 2 ? stem : undefined);
      compound = { id: 0, name, kind: 'residential', address, property_company: names.property(nr, name), property_phone: `1350000${pad(propertyPhone++ % 10000, 4)}`, geom: null! };
    } else if (parcel.use === 'dormitory') {
      const owner = nr.pick(DORMITORY_OWNERS);
      const name = uniqueName(names, () => `${names.placeStem(nr)}${owner}宿舍`);
      compound = { id: 0, name, kind: 'dormitory', address, property_company: `${name.replace(/宿舍$/, '')}后勤服务中心`, property_phone: `1350000${pad(propertyPhone++ % 10000, 4)}`, geom: null! };
    } else if (parcel.use === 'unit') {
      const type = parcel.unitType ?? 'office';
      const streetName = config.streets[community?.street ?? 0].name;
      const name = uniqueName(names, () => {
        switch (type) {
          case 'street_office':
            return `${streetName}办事处`;
          case 'community_centre':
            return `${cname}党群服务中心`;
          case 'police':
            return `${streetName.replace(/街道$/, '')}派出所`;
          case 'office':
            return `${names.placeStem(nr)}${nr.pick(OFFICE_SUFFIXES)}`;
          default:
            return `${nr.chance(0.5) ? road : names.placeStem(nr)}${UNIT_NAMES[type].suffix}`;
        }
      });
      compound = { id: 0, name, kind: 'unit', address, property_company: null, property_phone: null, geom: null! };
    } else if (parcel.use === 'green' && (parcel.u1 - parcel.u0) * (parcel.v1 - parcel.v0) >= 80) {
      parkNames.set(parcel.id, uniqueName(names, () => `${names.placeStem(nr)}${nr.pick(PARK_SUFFIXES)}`));
    }
    if (compound) {
      compound.id = compounds.length + 1;
      compound.geom = { type: 'MultiPolygon', coordinates: projectMultiPolygon(traceCells([parcel]), project) } satisfies MultiPolygon;
      compounds.push(compound);
      compoundOfParcel.set(parcel, compound);
    }
    let residentialNumber = 0;
    let unitNumber = 0;
    for (const lot of parcel.lots) {
      const b = lot.building;
      if (!b) continue;
      const footprint = { u0: b.cu - b.hu, u1: b.cu + b.hu, v0: b.cv - b.hv, v1: b.cv + b.hv };
      let name: string;
      let buildingAddress: string;
      if (b.kind === 'residential') {
        residentialNumber++;
        name = `${compound!.name}${residentialNumber}栋`;
        buildingAddress = `${compound!.address}${name}`;
      } else if (b.kind === 'unit') {
        unitNumber++;
        name = `${compound!.name}${b.label ?? `${unitNumber}号楼`}`;
        buildingAddress = `${compound!.address}${name}`;
      } else {
        name = names.shop(nr);
        buildingAddress = `${road}${houseNumber(line, lot, parcel.front, cellM)}号`;
      }
      const row: BuildingRow = {
        id: buildings.length + 1,
        name,
        address: buildingAddress,
        compound_id: compound?.id ?? null,
        kind: b.kind,
        floors: b.floors,
        households: b.kind === 'residential' ? b.households : 0,
        population: 0,
        geom: { type: 'Point', coordinates: project(b.cu, b.cv) } satisfies Point,
        footprint: square(footprint),
      };
      buildings.push(row);
      buildingOfLot.set(lot, row);
    }
  }

  // Household sizes drive population; personal rows only where the preset carries them.
  const residentialRows = buildings.filter((b) => b.kind === 'residential');
  const roll = rollResidents(residentialRows, root.fork('residents'), names, now, config.residents);
  for (const b of residentialRows) b.population = roll.population.get(b.id) ?? 0;

  // Grid rows: level 1, then 2, then 3; ids follow.
  const grids2 = communities.flatMap((c) => c.children);
  const grids3 = grids2.flatMap((g) => g.children);
  const idOf = new Map<GridNode, number>();
  [...communities, ...grids2, ...grids3].forEach((node, i) => idOf.set(node, i + 1));
  const parentOf = new Map<GridNode, GridNode>();
  for (const c of communities) for (const g of c.children) parentOf.set(g, c);
  for (const g of grids2) for (const t of g.children) parentOf.set(t, g);

  const totals = (node: GridNode) => {
    let households = 0;
    let population = 0;
    for (const lot of node.lots) {
      const b = buildingOfLot.get(lot);
      if (b?.kind === 'residential') {
        households += b.households;
        population += b.population;
      }
    }
    return { households, population };
  };

  // Staff: a leader per community, a worker per grid, dispatchers per street.
  const sr = root.fork('staff');
  const staff: StaffRow[] = [];
  const addStaff = (role: StaffRow['role'], office_place: string): StaffRow => {
    const female = sr.chance(0.55);
    const age = sr.int(24, 56);
    const s: StaffRow = {
      id: staff.length + 1,
      name: names.person(sr),
      role,
      public_phone: `1380000${pad(staff.length + 1, 4)}`,
      photo_url: sr.chance(0.5) ? '/assets/staff/placeholder.svg' : null,
      office_hours: '周一至周五 8:30-17:30',
      office_place,
      id_number: syntheticIdNumber(sr, new Date(Date.UTC(now.getUTCFullYear() - age, sr.int(0, 11), sr.int(1, 28))), female),
      private_phone: `1390000${pad(staff.length + 1, 4)}`,
    };
    staff.push(s);
    return s;
  };
  const workerOf = new Map<GridNode, StaffRow>();
  for (const c of communities) {
    const cname = communityName.get(c)!;
    workerOf.set(c, addStaff('grid_leader', `${cname}居委会`));
    for (const g of c.children) {
      // The grid's largest compound hosts its workstation, when it has one.
      const counts = new Map<CompoundRow, number>();
      for (const lot of g.lots) {
        const comp = compoundOfParcel.get(lot.parcel);
        if (comp && comp.kind !== 'unit') counts.set(comp, (counts.get(comp) ?? 0) + (lot.building?.households ?? 0));
      }
      const host = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].id - b[0].id)[0]?.[0];
      workerOf.set(g, addStaff('grid_worker', host ? `${host.name}物业服务中心网格工作站` : `${cname}党群服务中心网格工作站`));
    }
  }
  const dispatchers: StaffRow[] = [];
  // two dispatchers on a single street's centre; one per street in the city
  for (const street of config.streets) {
    for (let k = 0; k < (config.streets.length === 1 ? 2 : 1); k++) dispatchers.push(addStaff('dispatcher', `${street.name}网格化服务管理中心`));
  }

  const gridName = new Map<GridNode, string>();
  const gridCode = new Map<GridNode, string>();
  const usedGroupNames = new Set<string>();
  const streetIndexCount = new Map<number, number>();
  for (const c of communities) {
    const street = config.streets[c.street];
    const k = (streetIndexCount.get(c.street) ?? 0) + 1;
    streetIndexCount.set(c.street, k);
    const code = `${street.county}${street.code}${pad(k, 3)}`;
    gridCode.set(c, code);
    gridName.set(c, communityName.get(c)!);
    c.children.forEach((g, i) => {
      gridCode.set(g, `${code}${pad(i + 1, 3)}`);
      gridName.set(g, `${communityName.get(c)}第${i + 1}网格`);
      g.children.forEach((t, j) => {
        gridCode.set(t, `${gridCode.get(g)}${pad(j + 1, 3)}`);
        let name = groupName(t, buildingOfLot, compoundOfParcel, `${gridName.get(g)}第${j + 1}楼组`);
        if (usedGroupNames.has(name)) name = `${name.replace(/楼组$/, '')}（${gridName.get(g)}）楼组`;
        if (usedGroupNames.has(name)) name = `${gridName.get(g)}第${j + 1}楼组`;
        usedGroupNames.add(name);
        gridName.set(t, name);
      });
    });
  }

  let multipartGrids = 0;
  const grids: GridRow[] = [...communities, ...grids2, ...grids3].map((node) => {
    const outline = traceCells(node.level === 1 ? node.blocks : node.lots);
    if (outline.length > 1) multipartGrids++;
    const t = totals(node);
    const worker = node.level === 3 ? workerOf.get(parentOf.get(node)!) : workerOf.get(node);
    return {
      id: idOf.get(node)!,
      code: gridCode.get(node)!,
      name: gridName.get(node)!,
      level: node.level,
      parent_id: node.level === 1 ? null : idOf.get(parentOf.get(node)!)!,
      worker_id: worker?.id ?? null,
      households: t.households,
      population: t.population,
      geom: { type: 'MultiPolygon', coordinates: projectMultiPolygon(outline, project) },
    };
  });

  // The largest park has a pond, so every preset has water even without a river.
  const ponds = new Map<number, string>();
  const parks = layout.parcels.filter((p) => p.use === 'green').sort((a, b) => (b.u1 - b.u0) * (b.v1 - b.v0) - (a.u1 - a.u0) * (a.v1 - a.v0) || a.id - b.id);
  if (parks.length > 0) {
    const park = parks[0];
    if (!parkNames.has(park.id)) parkNames.set(park.id, uniqueName(names, () => `${names.placeStem(nr)}公园`));
    ponds.set(park.id, uniqueName(names, () => `${parkNames.get(park.id)!.slice(0, 2)}湖`));
  }
  const basemap = basemapFeatures({
    layout,
    project,
    roadNames,
    riverNames: config.riverNames,
    parkNames,
    ponds,
    streets: streets.map((s) => ({ name: `${config.streets[s.index].name}（示例数据）`, outline: traceCells(s.blocks) })),
  }).map((f, i) => ({ id: i + 1, ...f }));

  const events = eventHistory(
    {
      count: config.events,
      site: siteSampler(grids3, parentOf, idOf, gridName, workerOf, buildingOfLot, compoundOfParcel, roadNames, project),
      dispatchers: dispatchers.map((d) => d.name),
      names,
      now,
    },
    root.fork('events'),
  );

  let households = 0;
  let population = 0;
  for (const b of residentialRows) {
    households += b.households;
    population += b.population;
  }
  let cells = 0;
  for (const block of layout.blocks) cells += (block.u1 - block.u0) * (block.v1 - block.v0);
  return {
    preset,
    seed,
    note: `示例数据 demo preset ${preset} (seed ${seed}): a synthetic street — roads, compounds, people, staff and events are invented, not real data`,
    generation: 1,
    referenceTime: now.toISOString(),
    staff,
    grids,
    compounds,
    buildings,
    basemap,
    events,
    households: roll.households,
    residents: roll.residents,
    stats: {
      areaKm2: (cells * cellM * cellM) / 1e6,
      gridsPerLevel: [communities.length, grids2.length, grids3.length],
      households,
      population,
      multipartGrids,
    },
  };
}

/** "万景花园1-4栋楼组" from the residential buildings in a building group; units and shops otherwise. */
function groupName(node: GridNode, buildingOfLot: Map<Lot, BuildingRow>, compoundOfParcel: Map<Parcel, CompoundRow>, fallback: string): string {
  const byCompound = new Map<CompoundRow, number[]>();
  let firstOther: string | null = null;
  for (const lot of node.lots) {
    const b = buildingOfLot.get(lot);
    const comp = compoundOfParcel.get(lot.parcel);
    if (b?.kind === 'residential' && comp) {
      const n = Number(/(\d+)栋$/.exec(b.name)?.[1]);
      byCompound.set(comp, [...(byCompound.get(comp) ?? []), n]);
    } else if (!firstOther && comp?.kind === 'unit') firstOther = comp.name;
  }
  if (byCompound.size > 0) {
    const [[comp, numbers]] = [...byCompound.entries()].sort((a, b) => b[1].length - a[1].length || a[0].id - b[0].id);
    return `${comp.name}${numberRuns(numbers)}栋${byCompound.size > 1 ? '等' : ''}楼组`;
  }
  return firstOther ? `${firstOther}楼组` : fallback;
}

function siteSampler(
  groups: GridNode[],
  parentOf: Map<GridNode, GridNode>,
  idOf: Map<GridNode, number>,
  gridName: Map<GridNode, string>,
  workerOf: Map<GridNode, StaffRow>,
  buildingOfLot: Map<Lot, BuildingRow>,
  compoundOfParcel: Map<Parcel, CompoundRow>,
  roadNames: Map<RoadLine, string>,
  project: Project,
): (r: Random) => EventSite {
  // Events follow people and shops: weight groups by households and shop fronts.
  const cumulative: number[] = [];
  let total = 0;
  for (const g of groups) {
    let w = 1;
    for (const lot of g.lots) {
      const b = buildingOfLot.get(lot);
      if (b) w += b.kind === 'residential' ? b.households / 25 : b.kind === 'shop' ? 0.6 : 0.3;
    }
    total += w;
    cumulative.push(total);
  }
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const group = groups[lo];
    const lot = r.pick(group.lots);
    // strictly inside the lot, hence inside exactly one building group
    const u = lot.u0 + (lot.u1 - lot.u0) * r.between(0.15, 0.85);
    const v = lot.v0 + (lot.v1 - lot.v0) * r.between(0.15, 0.85);
    const grid = parentOf.get(group)!;
    const community = parentOf.get(grid)!;
    const worker = workerOf.get(grid) ?? null;
    const place = buildingOfLot.get(lot)?.name ?? compoundOfParcel.get(lot.parcel)?.name ?? roadNames.get(lot.parcel.block.sides[lot.parcel.front]) ?? gridName.get(grid)!;
    return {
      point: { type: 'Point', coordinates: project(u, v) },
      place,
      gridIds: [idOf.get(community)!, idOf.get(grid)!, idOf.get(group)!],
      gridName: gridName.get(grid)!,
      workerId: worker?.id ?? null,
      workerName: worker?.name ?? null,
    };
  };
}

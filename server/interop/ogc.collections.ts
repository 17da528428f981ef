// The feature collections of our OGC API – Features: grids (one collection per level, so a client sees
// communities, grids and building groups as separate layers with one geometry type each), buildings and
// events. Each names its public properties and the ones only staff see; personal data (household,
// resident, staff_private, event_reporter) is not reachable from any of them.

/** SQL expressions of a collection, all over the alias `f` of its table. */
export interface OgcCollection {
  id: string;
  title: string;
  description: string;
  /** `from` clause with the alias f (joins allowed) */
  from: string;
  /** always applied (a grid level) */
  where: string | null;
  geometry: string;
  geometryType: 'MultiPolygon' | 'Point';
  /** name → SQL expression, for everyone */
  publicProperties: Record<string, string>;
  /** name → SQL expression, added for staff accounts (admin, planner, dispatcher) */
  staffProperties: Record<string, string>;
  /** how `datetime` filters: a generation range (grids), a timestamp column (events), or not at all */
  temporal: { kind: 'generation' } | { kind: 'instant'; column: string } | null;
}

export const GRID_LEVEL_NAMES: Record<number, { zh: string; en: string }> = {
  1: { zh: '社区', en: 'communities' },
  2: { zh: '网格', en: 'grids' },
  3: { zh: '楼组', en: 'building groups' },
  4: { zh: '四级网格', en: 'level-4 grids' },
  5: { zh: '五级网格', en: 'level-5 grids' },
};

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export function gridCollection(level: number): OgcCollection {
  const names = GRID_LEVEL_NAMES[level];
  return {
    id: `grids_level_${level}`,
    title: `${names.zh} (level ${level} ${names.en})`,
    description: `Grids of level ${level} (${names.zh}) of the published generation, or of the generation in force at datetime. Codes follow the unit-grid scheme (12 digits for a community, 3 more per level).`,
    from: 'grid f left join staff w on w.id = f.worker_id',
    where: `f.level = ${level}`,
    geometry: 'f.geom',
    geometryType: 'MultiPolygon',
    publicProperties: {
      code: 'f.code',
      name: 'f.name',
      level: 'f.level',
      parent_id: 'f.parent_id',
      households: 'f.households',
      population: 'f.population',
      area_m2: 'round(f.area_m2::numeric, 1)',
      // the worker's name is public: the kiosk and the lookup show it to anyone
      worker_name: 'w.name',
      generation: 'f.valid_from',
    },
    staffProperties: { worker_id: 'f.worker_id' },
    temporal: { kind: 'generation' },
  };
}

export const buildingsCollection: OgcCollection = {
  id: 'buildings',
  title: '楼栋 (buildings)',
  description: 'One point per building with its compound (小区) and household count; footprints are in the buildings vector tiles.',
  from: 'building f left join compound c on c.id = f.compound_id',
  where: null,
  geometry: 'f.geom',
  geometryType: 'Point',
  publicProperties: {
    name: 'f.name',
    address: 'f.address',
    kind: 'f.kind',
    floors: 'f.floors',
    households: 'f.households',
    compound_id: 'f.compound_id',
    compound_name: 'c.name',
  },
  staffProperties: { population: 'f.population' },
  temporal: null,
};

export const eventsCollection: OgcCollection = {
  id: 'events',
  title: '事件 (events)',
  description: 'Reported events (事件) with their state in the closed loop. datetime filters on the report time. The reporter is never part of it.',
  from: 'event f',
  where: null,
  geometry: 'f.geom',
  geometryType: 'Point',
  publicProperties: {
    category: 'f.category',
    subcategory: 'f.subcategory',
    status: 'f.status',
    source: 'f.source',
    reported_at: utc('f.reported_at'),
    closed_at: utc('f.closed_at'),
  },
  staffProperties: {
    description: 'f.description',
    grid_id: 'f.grid_id',
    worker_id: 'f.worker_id',
    due: 'f.due',
    satisfaction: 'f.satisfaction',
  },
  temporal: { kind: 'instant', column: 'f.reported_at' },
};

/** The collections on offer: one per grid level that the data has, then buildings and events. */
export function collectionsFor(gridLevels: number[]): OgcCollection[] {
  return [...gridLevels.filter((l) => GRID_LEVEL_NAMES[l]).sort().map(gridCollection), buildingsCollection, eventsCollection];
}

export function findCollection(id: string): OgcCollection | null {
  const level = /^grids_level_([1-5])$/.exec(id);
  if (level) return gridCollection(Number(level[1]));
  return [buildingsCollection, eventsCollection].find((c) => c.id === id) ?? null;
}

// The generated demo district as plain rows, named like the table columns they are written to, with
// explicit 1-based ids so rows can refer to each other before anything is inserted. Geometries are
// GeoJSON in lon/lat (EPSG:4326). Produced by district.generator.ts (pure), written by seed.ts.
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';

export interface StaffRow {
  id: number;
  name: string;
  role: 'grid_worker' | 'grid_leader' | 'dispatcher';
  public_phone: string;
  photo_url: string | null;
  office_hours: string;
  office_place: string;
  /** staff_private: synthetic, personal data (must never reach a public endpoint) */
  id_number: string;
  private_phone: string;
}

export interface GridRow {
  id: number;
  /** DB11 unit-grid code: 12 digits for a community, +3 per deeper level */
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parent_id: number | null;
  /** community: its grid leader; grid: its grid worker; building group: the grid worker of its grid */
  worker_id: number | null;
  /** sums over the residential buildings inside */
  households: number;
  population: number;
  geom: MultiPolygon;
}

export interface CompoundRow {
  id: number;
  name: string;
  kind: 'residential' | 'dormitory' | 'unit' | 'mixed';
  address: string;
  property_company: string | null;
  property_phone: string | null;
  geom: MultiPolygon;
}

export interface BuildingRow {
  id: number;
  name: string;
  address: string;
  compound_id: number | null;
  kind: 'residential' | 'unit' | 'shop' | 'public';
  floors: number;
  households: number;
  population: number;
  geom: Point;
  footprint: Polygon | null;
}

export interface BasemapRow {
  id: number;
  kind: 'arterial' | 'branch' | 'path' | 'block' | 'water' | 'green' | 'boundary';
  name: string | null;
  geom: Geometry;
}

export interface EventLogEntry {
  from_status: string | null;
  to_status: string;
  actor: string;
  note: string | null;
  /** ISO 8601 */
  at: string;
}

export type EventStatus = 'reported' | 'accepted' | 'dispatched' | 'in_progress' | 'resolved' | 'feedback' | 'closed' | 'evaluated';

export interface EventRow {
  id: number;
  category: string;
  subcategory: string;
  description: string;
  source: 'app' | 'hotline' | 'patrol';
  status: EventStatus;
  geom: Point;
  /** the grid chain at report time, level 1 first */
  grid_ids: number[];
  grid_id: number;
  worker_id: number | null;
  reported_at: string;
  /** SLA due times, ISO 8601: arrive, solve, feedback, acceptance */
  due: Record<string, string>;
  closed_at: string | null;
  satisfaction: number | null;
  /** event_reporter: personal data; null for patrol reports (the worker found it) */
  reporter: { name: string; phone: string } | null;
  log: EventLogEntry[];
}

export interface HouseholdRow {
  id: number;
  building_id: number;
  unit: string;
  room: string;
  tags: string[];
}

export interface ResidentRow {
  id: number;
  household_id: number;
  name: string;
  id_number: string;
  phone: string | null;
  relation: string;
  tags: string[];
}

export interface DistrictStats {
  areaKm2: number;
  /** grid counts per level, level 1 first */
  gridsPerLevel: number[];
  households: number;
  population: number;
  /** grids whose cells form more than one piece (allowed, but should be rare) */
  multipartGrids: number;
}

export interface District {
  preset: string;
  seed: number;
  /** generation.note, and the 示例数据 label */
  note: string;
  generation: number;
  /** events are dated back from this instant (ISO 8601) */
  referenceTime: string;
  staff: StaffRow[];
  grids: GridRow[];
  compounds: CompoundRow[];
  buildings: BuildingRow[];
  basemap: BasemapRow[];
  events: EventRow[];
  /** empty for presets too large to carry personal records (city) */
  households: HouseholdRow[];
  residents: ResidentRow[];
  stats: DistrictStats;
}

export interface GenerateOptions {
  seed?: number;
  /** reference time for event dates; defaults to the start of the current UTC day */
  now?: Date;
}

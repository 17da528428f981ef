// Which column of a planner's file is the grid's name, code, level, parent, households … and, for a
// CSV, where the geometry is. A mapping is guessed from the column names (Chinese or English) and the
// planner may correct it; then each feature becomes a plan grid or a building, or a reason why not.
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { prepareGeometry } from '../geometry/polygon.validate.ts';
import type { PlanGridInput } from '../plans/plan.types.ts';

export const GRID_FIELDS = ['name', 'code', 'level', 'parent', 'households'] as const;
export const BUILDING_FIELDS = ['name', 'address', 'compound', 'kind', 'floors', 'households', 'population'] as const;
/** where a CSV keeps its geometry: lon + lat columns, or one WKT column */
export const GEOMETRY_FIELDS = ['lon', 'lat', 'wkt'] as const;

export type GridField = (typeof GRID_FIELDS)[number];
export type BuildingField = (typeof BUILDING_FIELDS)[number];
export type GeometryField = (typeof GEOMETRY_FIELDS)[number];
export type Field = GridField | BuildingField | GeometryField;
export type ImportTarget = 'grids' | 'buildings';

/** field → column name in the file */
export type FieldMapping = Partial<Record<Field, string>>;

export const fieldsOf = (target: ImportTarget): readonly Field[] => (target === 'grids' ? GRID_FIELDS : BUILDING_FIELDS);

/** column names (compared without case, spaces, dashes and underscores) each field answers to, best first */
const SYNONYMS: Record<Field, string[]> = {
  name: ['name', '名称', '网格名称', '网格名', '楼栋名称', '楼栋', '建筑名称', 'mc', 'grid_name', 'gridname', 'building'],
  code: ['code', '编码', '网格编码', '网格代码', '代码', 'wgbm', 'bm', 'grid_code', 'gridcode'],
  level: ['level', '层级', '级别', '网格层级', 'jb'],
  parent: ['parent_code', 'parent_cd', 'parent', 'parent_id', '上级编码', '上级网格编码', '父级编码', '所属社区编码', '上级', 'sjbm'],
  households: ['households', '户数', '住户数', '总户数', 'hs'],
  address: ['address', '地址', '门牌地址', 'dz'],
  compound: ['compound', '小区', '所属小区', '小区名称', 'xq'],
  kind: ['kind', '类型', '建筑类型', '用途'],
  floors: ['floors', '层数', '楼层数', '地上层数', 'cs'],
  population: ['population', '人口', '人口数', '人数', 'rk'],
  lon: ['lon', 'lng', 'longitude', 'long', 'x', '经度', 'point_x'],
  lat: ['lat', 'latitude', 'y', '纬度', 'point_y'],
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '坐标'],
};

const normalise = (name: string) => name.toLowerCase().replace(/[\s_\-.]/g, '');

/** A mapping from column names alone: exact synonyms first, so "code" never goes to "parent_code". */
export function guessMapping(columns: string[], fields: readonly Field[]): FieldMapping {
  const mapping: FieldMapping = {};
  const taken = new Set<string>();
  for (const field of fields) {
    for (const synonym of SYNONYMS[field]) {
      const column = columns.find((c) => !taken.has(c) && normalise(c) === normalise(synonym));
      if (column !== undefined) {
        mapping[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  return mapping;
}

/** Columns named in a mapping that the file does not have: the planner's typo, said before anything is read. */
export function unknownColumns(mapping: FieldMapping, columns: string[]): string[] {
  return Object.entries(mapping).filter(([, column]) => column !== undefined && !columns.includes(column)).map(([field, column]) => `${field} → "${column}"`);
}

export type Mapped<T> = { valid: true; value: T } | { valid: false; reason: string };

const GRID_CODE = /^[0-9]{12}([0-9]{3})*$/;

function text(properties: Record<string, unknown>, column: string | undefined): string | null {
  if (column === undefined) return null;
  const v = properties[column];
  if (v === null || v === undefined) return null;
  // a code stored as a number in a .dbf loses nothing up to 15 digits; print it without exponent
  const s = typeof v === 'number' ? (Number.isInteger(v) ? BigInt(v).toString() : String(v)) : String(v);
  return s.trim() === '' ? null : s.trim();
}

function wholeNumber(properties: Record<string, unknown>, column: string | undefined, field: string, min: number, max: number): Mapped<number | null> {
  const s = text(properties, column);
  if (s === null) return { valid: true, value: null };
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) return { valid: false, reason: `${field} "${s.slice(0, 30)}" (column ${column}) is not a whole number from ${min} to ${max}` };
  return { valid: true, value: n };
}

/** A polygon's validity as the geometry core sees it (the editor's and the validator's rule). */
export function polygonProblem(geometry: Geometry): string | null {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return `a grid must be a Polygon or MultiPolygon, not a ${geometry.type}`;
  const validity = prepareGeometry(geometry).validity;
  if (validity.valid) return null;
  const at = validity.point ? ` near ${validity.point[0].toFixed(6)}, ${validity.point[1].toFixed(6)}` : '';
  return `invalid polygon: ${validity.reason}${at}`;
}

/** One feature (geometry already in WGS84) as a plan grid, or why it cannot be one. */
export function mapGrid(properties: Record<string, unknown>, geometry: Geometry, mapping: FieldMapping): Mapped<PlanGridInput> {
  const problem = polygonProblem(geometry);
  if (problem) return { valid: false, reason: problem };
  const name = text(properties, mapping.name);
  const code = text(properties, mapping.code);
  if (name === null && code === null) return { valid: false, reason: mapping.name ? `no name (column ${mapping.name} is empty)` : 'no name: map a column to the name' };
  if (code !== null && !GRID_CODE.test(code)) return { valid: false, reason: `code "${code.slice(0, 30)}" is not a grid code (12 digits for a community, 3 more per level)` };
  const level = wholeNumber(properties, mapping.level, 'level', 1, 5);
  if (!level.valid) return level;
  const grid: PlanGridInput = { name: name ?? code!, geometry: geometry as Polygon | MultiPolygon };
  if (code !== null) grid.code = code;
  if (level.value !== null) grid.level = level.value;
  const parent = text(properties, mapping.parent);
  if (parent !== null) {
    if (GRID_CODE.test(parent)) grid.parent_code = parent;
    else if (/^[1-9]\d{0,14}$/.test(parent)) grid.parent_id = Number(parent);
    else return { valid: false, reason: `parent "${parent.slice(0, 30)}" is neither a grid code nor a grid id` };
  }
  return { valid: true, value: grid };
}

export type BuildingKind = 'residential' | 'unit' | 'shop' | 'public';

export interface BuildingInput {
  name: string;
  address: string | null;
  /** the compound's name as the file has it; matched against compound.name on import */
  compound: string | null;
  kind: BuildingKind;
  floors: number | null;
  households: number;
  population: number;
  point: Point | null;
  footprint: Polygon | null;
}

const KINDS: Record<string, BuildingKind> = {
  residential: 'residential', 住宅: 'residential', 居民楼: 'residential', 宿舍: 'residential',
  unit: 'unit', 单位: 'unit', 办公: 'unit', 驻区单位: 'unit',
  shop: 'shop', 商铺: 'shop', 商业: 'shop', 沿街商铺: 'shop',
  public: 'public', 公共: 'public', 公共设施: 'public', 学校: 'public', 医院: 'public',
};

/** One feature as a building: a point, or a footprint whose inner point the database finds. */
export function mapBuilding(properties: Record<string, unknown>, geometry: Geometry, mapping: FieldMapping): Mapped<BuildingInput> {
  let point: Point | null = null;
  let footprint: Polygon | null = null;
  if (geometry.type === 'Point') point = geometry;
  else if (geometry.type === 'MultiPoint' && geometry.coordinates.length === 1) point = { type: 'Point', coordinates: geometry.coordinates[0] };
  else if (geometry.type === 'Polygon' || (geometry.type === 'MultiPolygon' && geometry.coordinates.length === 1)) {
    footprint = geometry.type === 'Polygon' ? geometry : { type: 'Polygon', coordinates: geometry.coordinates[0] };
    const problem = polygonProblem(footprint);
    if (problem) return { valid: false, reason: problem.replace('a grid', 'a building footprint') };
  } else return { valid: false, reason: `a building is a Point or one footprint Polygon, not a ${geometry.type === 'MultiPolygon' ? 'MultiPolygon of several parts' : geometry.type}` };
  if (point && !point.coordinates.slice(0, 2).every(Number.isFinite)) return { valid: false, reason: 'the point has no numeric coordinates' };
  const name = text(properties, mapping.name);
  if (name === null) return { valid: false, reason: mapping.name ? `no name (column ${mapping.name} is empty)` : 'no name: map a column to the name' };
  const kindText = text(properties, mapping.kind);
  const kind = kindText === null ? 'residential' : KINDS[kindText.toLowerCase()];
  if (!kind) return { valid: false, reason: `kind "${kindText!.slice(0, 20)}" is not one of residential/住宅, unit/单位, shop/商铺, public/公共` };
  const floors = wholeNumber(properties, mapping.floors, 'floors', 0, 300);
  if (!floors.valid) return floors;
  const households = wholeNumber(properties, mapping.households, 'households', 0, 100_000);
  if (!households.valid) return households;
  const population = wholeNumber(properties, mapping.population, 'population', 0, 1_000_000);
  if (!population.valid) return population;
  return {
    valid: true,
    value: {
      name, address: text(properties, mapping.address), compound: text(properties, mapping.compound), kind, floors: floors.value,
      households: households.value ?? 0, population: population.value ?? 0, point, footprint,
    },
  };
}

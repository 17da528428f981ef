// From posted (or imported) GeoJSON to the core's input, refusing what cannot be a nested coverage at all:
// not a FeatureCollection, a grid without level or parent_id, a parent that is not in the set, parent
// links that loop, a child not one level below its parent. Bad coordinates are not refused here: they
// are a validation finding (invalid_geometry) about one grid, not a malformed request.
import type { BuildingInput, Checked, GridId, GridInput } from './coverage.types.ts';

export interface ParsedCoverage {
  grids: GridInput[];
  buildings: BuildingInput[] | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is GridId => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length > 0);
const fail = (reason: string): Checked<never> => ({ valid: false, reason });
const MAX_LEVEL = 20;
/** what a 32-bit integer column holds, so that no count can overflow in SQL */
const MAX_COUNT = 2 ** 31 - 1;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;

/** arrays nested `depth` deep down to positions (the positions themselves are checked later) */
function nested(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth === 0) return true;
  return value.every((v) => nested(v, depth - 1));
}

export function parseGrids(collection: unknown): Checked<GridInput[]> {
  if (!isObject(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features))
    return fail('grids must be a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})');
  const grids: GridInput[] = [];
  for (const [i, feature] of collection.features.entries()) {
    const where = `grids.features[${i}]`;
    if (!isObject(feature) || feature.type !== 'Feature') return fail(`${where} is not a GeoJSON Feature`);
    const p = feature.properties;
    if (!isObject(p)) return fail(`${where} has no properties (id, level, parent_id are required)`);
    if (!isId(p.id)) return fail(`${where}: properties.id must be a number or a non-empty string`);
    if (typeof p.level !== 'number' || !Number.isInteger(p.level) || p.level < 1 || p.level > MAX_LEVEL)
      return fail(`${where} (grid ${p.id}): properties.level must be an integer from 1 to ${MAX_LEVEL}`);
    if (p.households !== undefined && p.households !== null && !isCount(p.households))
      return fail(`${where} (grid ${p.id}): properties.households must be a whole number from 0 to ${MAX_COUNT}`);
    if (!('parent_id' in p)) return fail(`${where} (grid ${p.id}): properties.parent_id is missing (null for a top-level grid)`);
    if (p.parent_id !== null && !isId(p.parent_id)) return fail(`${where} (grid ${p.id}): properties.parent_id must be a grid id or null`);
    const g = feature.geometry;
    if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
      return fail(`${where} (grid ${p.id}): geometry must be a Polygon or MultiPolygon`);
    if (!nested(g.coordinates, g.type === 'Polygon' ? 2 : 3)) return fail(`${where} (grid ${p.id}): geometry.coordinates are not nested as a ${g.type}`);
    const worker = p.worker_id;
    grids.push({
      id: p.id,
      level: p.level,
      parent_id: p.parent_id as GridId | null,
      geometry: g as unknown as GridInput['geometry'],
      name: typeof p.name === 'string' ? p.name : undefined,
      worker_id: isId(worker) ? worker : null,
      households: isCount(p.households) ? p.households : null,
    });
  }
  const structure = checkHierarchy(grids);
  return structure.valid ? { valid: true, value: grids } : structure;
}

/** ids unique, every parent present and one level up, no loops */
export function checkHierarchy(grids: readonly GridInput[]): Checked<true> {
  const byId = new Map<string, GridInput>();
  for (const g of grids) {
    if (byId.has(String(g.id))) return fail(`grid id ${g.id} appears more than once`);
    byId.set(String(g.id), g);
  }
  for (const g of grids) {
    if (g.parent_id === null) continue;
    if (!byId.has(String(g.parent_id))) return fail(`grid ${g.id}: its parent ${g.parent_id} is not in the set (send the parent too, or parent_id null for a top-level grid)`);
  }
  for (const g of grids) {
    const path: string[] = [String(g.id)];
    let at = g;
    while (at.parent_id !== null) {
      const up = String(at.parent_id);
      if (path.includes(up)) return fail(`parent links form a cycle: ${[...path.slice(path.indexOf(up)), up].join(' → ')}`);
      path.push(up);
      at = byId.get(up)!;
    }
  }
  for (const g of grids) {
    if (g.parent_id === null) continue;
    const parent = byId.get(String(g.parent_id))!;
    if (g.level !== parent.level + 1) return fail(`grid ${g.id} has level ${g.level} but its parent ${parent.id} has level ${parent.level}: a child is one level below its parent`);
  }
  return { valid: true, value: true };
}

export function parseBuildings(collection: unknown): Checked<BuildingInput[]> {
  if (!isObject(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features))
    return fail('buildings must be a GeoJSON FeatureCollection of Points');
  const buildings: BuildingInput[] = [];
  for (const [i, feature] of collection.features.entries()) {
    const where = `buildings.features[${i}]`;
    if (!isObject(feature) || feature.type !== 'Feature') return fail(`${where} is not a GeoJSON Feature`);
    const p = isObject(feature.properties) ? feature.properties : {};
    const g = feature.geometry;
    const c = isObject(g) ? g.coordinates : undefined;
    if (!isObject(g) || g.type !== 'Point' || !Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || !Number.isFinite(c[0]) || !Number.isFinite(c[1]))
      return fail(`${where}: geometry must be a Point with numeric coordinates`);
    if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) return fail(`${where}: coordinates (${c[0]}, ${c[1]}) are not lon/lat`);
    const households = p.households ?? 0;
    if (!isCount(households)) return fail(`${where}: properties.households must be a whole number from 0 to ${MAX_COUNT}`);
    buildings.push({ id: isId(p.id) ? p.id : i + 1, lon: c[0], lat: c[1], households });
  }
  return { valid: true, value: buildings };
}

export function parseCoverage(body: unknown): Checked<ParsedCoverage> {
  if (!isObject(body)) return fail('body must be a JSON object {grids, buildings?, options?}');
  const grids = parseGrids(body.grids);
  if (!grids.valid) return grids;
  if (body.buildings === undefined || body.buildings === null) return { valid: true, value: { grids: grids.value, buildings: null } };
  const buildings = parseBuildings(body.buildings);
  if (!buildings.valid) return buildings;
  return { valid: true, value: { grids: grids.value, buildings: buildings.value } };
}

// GeoJSON in: a FeatureCollection, one Feature, or a bare geometry. The 2008 `crs` member that GDAL
// and older tools still write is honoured for CRS84/4326/4490; anything else is refused by name.
import type { Geometry } from 'geojson';
import type { SourceCrs } from './crs.convert.ts';
import { columnsOf, type SourceFeature, type SourceRead } from './import.source.ts';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

export function readGeojson(text: string): SourceRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { valid: false, reason: `not valid JSON: ${(err as Error).message}` };
  }
  if (!isObject(doc)) return { valid: false, reason: 'GeoJSON must be an object (a FeatureCollection, a Feature or a geometry)' };
  const crs = declaredCrs(doc.crs);
  if (crs && !crs.valid) return { valid: false, reason: crs.reason };
  let raw: unknown[];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) return { valid: false, reason: 'a FeatureCollection needs a "features" array' };
    raw = doc.features;
  } else if (doc.type === 'Feature') raw = [doc];
  else if (typeof doc.type === 'string' && GEOMETRY_TYPES.has(doc.type)) raw = [{ type: 'Feature', properties: {}, geometry: doc }];
  else return { valid: false, reason: `GeoJSON type "${String(doc.type).slice(0, 40)}" is not a FeatureCollection, Feature or geometry` };
  const features = raw.map((f, i) => readFeature(f, i + 1));
  return { valid: true, source: { format: 'geojson', features, columns: columnsOf(features), crs: crs?.crs ?? null, notes: [] } };
}

function readFeature(raw: unknown, n: number): SourceFeature {
  const ref = `feature ${n}`;
  if (!isObject(raw) || raw.type !== 'Feature') return { ref, properties: {}, geometry: null, problem: 'not a GeoJSON Feature' };
  const properties = isObject(raw.properties) ? raw.properties : {};
  const g = raw.geometry;
  if (g === null || g === undefined) return { ref, properties, geometry: null, problem: 'no geometry' };
  if (!isObject(g) || typeof g.type !== 'string' || !GEOMETRY_TYPES.has(g.type)) return { ref, properties, geometry: null, problem: 'geometry is not a GeoJSON geometry' };
  if (g.type !== 'GeometryCollection' && !Array.isArray(g.coordinates)) return { ref, properties, geometry: null, problem: `${g.type} without coordinates` };
  return { ref, properties, geometry: g as unknown as Geometry };
}

function declaredCrs(crs: unknown): { valid: true; crs: SourceCrs } | { valid: false; reason: string } | null {
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== 'string') return null;
  const name = crs.properties.name;
  if (/CRS84$|EPSG:{1,2}4326$/i.test(name)) return { valid: true, crs: { kind: 'named', name: 'wgs84' } };
  if (/EPSG:{1,2}4490$/i.test(name)) return { valid: true, crs: { kind: 'named', name: 'cgcs2000' } };
  return { valid: false, reason: `the GeoJSON declares the coordinate system "${name.slice(0, 80)}"; only WGS84 (CRS84, EPSG:4326) and CGCS2000 (EPSG:4490) are read — reproject it first` };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

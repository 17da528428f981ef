// Coordinate systems at the edge. We store WGS84 lon/lat; CGCS2000 (EPSG:4490) differs from it by
// centimetres and is taken as equal (as the design says). GCJ-02 (Amap, WeChat, Tencent) and BD-09
// (Baidu) are offset by tens to hundreds of metres inside China and are converted on the way in and,
// for use over Amap, on the way out; they are never stored. Projected CGCS2000 data (Gauss–Krüger
// zones, as city surveys deliver it) is unprojected with the .prj that comes with it.
import gcoord from 'gcoord';
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';

/** the coordinate systems a caller may name */
export const CRS_NAMES = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type CrsName = (typeof CRS_NAMES)[number];
/** what export writes: BD-09 is Baidu's alone, and no planner asked for it */
export const EXPORT_CRS = ['wgs84', 'cgcs2000', 'gcj02'] as const;
export type ExportCrs = (typeof EXPORT_CRS)[number];

/** A source's coordinates: a named geographic system, or a projection read from a .prj. */
export type SourceCrs = { kind: 'named'; name: CrsName } | { kind: 'projected'; name: string; wkt: string };

export const CRS_LABELS: Record<CrsName, string> = {
  wgs84: 'WGS84 (EPSG:4326)',
  cgcs2000: 'CGCS2000 (EPSG:4490)',
  gcj02: 'GCJ-02 (Amap / Tencent)',
  bd09: 'BD-09 (Baidu)',
};

export const isCrsName = (value: unknown): value is CrsName => typeof value === 'string' && (CRS_NAMES as readonly string[]).includes(value);

export function crsLabel(crs: SourceCrs): string {
  return crs.kind === 'named' ? CRS_LABELS[crs.name] : `${crs.name} (projected, from the .prj)`;
}

export type PrjReading = { valid: true; crs: SourceCrs } | { valid: false; reason: string };

/** Reads a Shapefile's .prj (ESRI or OGC WKT1): geographic WGS84 / CGCS2000, or a projection proj4 knows. */
export function crsFromPrj(prj: string): PrjReading {
  const text = prj.trim();
  const name = /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  if (!name) return { valid: false, reason: 'the .prj is not a WKT coordinate system definition' };
  const cgcs2000 = /China[ _]Geodetic[ _]Coordinate[ _]System[ _]2000|CGCS[ _]?2000|China[ _]2000|\b4490\b/i.test(text);
  if (/^GEOG/i.test(name[1])) {
    if (cgcs2000) return { valid: true, crs: { kind: 'named', name: 'cgcs2000' } };
    if (/WGS[ _]?(19)?84|\b4326\b/i.test(text)) return { valid: true, crs: { kind: 'named', name: 'wgs84' } };
    return { valid: false, reason: `the .prj names the geographic system "${name[2]}"; only WGS84 and CGCS2000 are read (reproject it first, e.g. ogr2ogr -t_srs EPSG:4490)` };
  }
  try {
    proj4(text, 'EPSG:4326', [500000, 3000000]);
  } catch (err) {
    return { valid: false, reason: `the .prj names the projection "${name[2]}", which could not be read (${(err as Error).message}); reproject to EPSG:4490 first` };
  }
  if (!cgcs2000 && !/WGS[ _]?(19)?84/i.test(text)) {
    return { valid: false, reason: `the .prj names the projection "${name[2]}" on a datum other than CGCS2000 or WGS84; reproject to EPSG:4490 first` };
  }
  return { valid: true, crs: { kind: 'projected', name: name[2], wkt: text } };
}

type Transform = (p: Position) => Position;

const roundTo = (digits: number) => {
  const f = 10 ** digits;
  return (v: number) => Math.round(v * f) / f;
};
/** 1e-7° is about 1 cm: more digits are noise after an offset model or a projection */
const round7 = roundTo(7);

function inwardTransform(crs: SourceCrs): Transform | null {
  if (crs.kind === 'projected') {
    // CGCS2000's ellipsoid is WGS84's to 0.1 mm: no datum shift, as for the geographic case
    const converter = proj4(crs.wkt, 'EPSG:4326');
    return (p) => {
      const [lon, lat] = converter.forward([p[0], p[1]]);
      return [round7(lon), round7(lat)];
    };
  }
  switch (crs.name) {
    case 'wgs84':
    case 'cgcs2000':
      return null;
    case 'gcj02':
      return (p) => gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84).map(round7);
    case 'bd09':
      return (p) => gcoord.transform([p[0], p[1]], gcoord.BD09, gcoord.WGS84).map(round7);
  }
}

function outwardTransform(crs: ExportCrs): Transform | null {
  return crs === 'gcj02' ? (p) => gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02).map(round7) : null;
}

/** every position of a geometry through `t` (a new geometry; the input is not touched) */
export function mapPositions<G extends Geometry>(geometry: G, t: Transform): G {
  const ring = (ps: Position[]) => ps.map(t);
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: t(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: ring(geometry.coordinates) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map(ring) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((p) => p.map(ring)) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => mapPositions(g, t)) };
  }
  return geometry;
}

/** A source geometry in WGS84 lon/lat. */
export function toWgs84<G extends Geometry>(geometry: G, crs: SourceCrs): G {
  const t = inwardTransform(crs);
  return t ? mapPositions(geometry, t) : geometry;
}

/** A stored (WGS84) geometry in the coordinates an export asks for. */
export function fromWgs84<G extends Geometry>(geometry: G, crs: ExportCrs): G {
  const t = outwardTransform(crs);
  return t ? mapPositions(geometry, t) : geometry;
}

/** The .prj an exported Shapefile carries. GCJ-02 has no EPSG code: it is labelled as what it is, on WGS84's ellipsoid. */
export function prjOf(crs: ExportCrs): string {
  switch (crs) {
    case 'wgs84':
      return 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    case 'cgcs2000':
      return 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    case 'gcj02':
      return 'GEOGCS["GCJ-02 (offset WGS84, for Amap)",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  }
}

/** true when every position is a plausible longitude/latitude (not metres of a projection) */
export function looksGeographic(geometry: Geometry): boolean {
  let ok = true;
  mapPositions(geometry, (p) => {
    if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) ok = false;
    return p;
  });
  return ok;
}

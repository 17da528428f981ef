// A zipped Shapefile out (.shp, .shx, .dbf, .prj, .cpg), written here rather than by a library because
// the ones on npm write .dbf text byte by byte, which mangles every Chinese name. Attributes are UTF-8
// and the .cpg says so (QGIS, ArcGIS and GDAL all honour it). One geometry type per file: polygons
// (grids; MultiPolygons become one record with several outer rings) or points (buildings).
import { zipSync } from 'fflate';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

type ShapeKind = 'polygon' | 'point';

const SHAPE_TYPE: Record<ShapeKind, number> = { point: 1, polygon: 5 };

interface Column {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals: number;
}

export function shapefileZip(collection: FeatureCollection, columns: string[], layer: string, prj: string): Uint8Array {
  const kind = shapeKindOf(collection.features);
  const records = collection.features.map((f) => shapeRecord(f.geometry, kind));
  const { shp, shx } = shpAndShx(records, kind);
  return zipSync({
    [`${layer}.shp`]: shp,
    [`${layer}.shx`]: shx,
    [`${layer}.dbf`]: dbf(collection.features, columns),
    [`${layer}.prj`]: new TextEncoder().encode(prj),
    [`${layer}.cpg`]: new TextEncoder().encode('UTF-8'),
  });
}

function shapeKindOf(features: Feature[]): ShapeKind {
  const types = new Set(features.map((f) => f.geometry?.type).filter(Boolean));
  if ([...types].every((t) => t === 'Point')) return 'point';
  if ([...types].every((t) => t === 'Polygon' || t === 'MultiPolygon')) return 'polygon';
  // buildings mix footprints and points: the footprints win, a point becomes a null shape
  return 'polygon';
}

function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise (GeoJSON has it the other way round). */
const orient = (ring: Position[], clockwise: boolean) => (signedArea(ring) < 0 === clockwise ? ring : [...ring].reverse());

interface ShapeRecord {
  parts: Position[][];
  bbox: [number, number, number, number] | null;
}

function shapeRecord(geometry: Geometry | null, kind: ShapeKind): ShapeRecord {
  let parts: Position[][] = [];
  if (geometry?.type === 'Point' && kind === 'point') parts = [[geometry.coordinates]];
  else if (geometry?.type === 'Polygon' && kind === 'polygon') parts = geometry.coordinates.map((r, i) => orient(r, i === 0));
  else if (geometry?.type === 'MultiPolygon' && kind === 'polygon') parts = geometry.coordinates.flatMap((p) => p.map((r, i) => orient(r, i === 0)));
  const points = parts.flat();
  if (!points.length) return { parts: [], bbox: null };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { parts, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

function contentLength(record: ShapeRecord, kind: ShapeKind): number {
  if (!record.bbox) return 4;
  if (kind === 'point') return 20;
  return 44 + 4 * record.parts.length + 16 * record.parts.reduce((n, p) => n + p.length, 0);
}

function writeHeader(view: DataView, fileBytes: number, kind: ShapeKind, bbox: number[]) {
  view.setInt32(0, 9994, false);
  view.setInt32(24, fileBytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, SHAPE_TYPE[kind], true);
  bbox.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

function shpAndShx(records: ShapeRecord[], kind: ShapeKind): { shp: Uint8Array; shx: Uint8Array } {
  const lengths = records.map((r) => contentLength(r, kind));
  const shpBytes = 100 + lengths.reduce((n, l) => n + 8 + l, 0);
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  const boxes = records.map((r) => r.bbox).filter((b): b is [number, number, number, number] => b !== null);
  const bbox = boxes.length
    ? [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
    : [0, 0, 0, 0];
  writeHeader(sv, shpBytes, kind, bbox);
  writeHeader(xv, shx.length, kind, bbox);
  let offset = 100;
  records.forEach((r, i) => {
    xv.setInt32(100 + 8 * i, offset / 2, false);
    xv.setInt32(104 + 8 * i, lengths[i] / 2, false);
    sv.setInt32(offset, i + 1, false);
    sv.setInt32(offset + 4, lengths[i] / 2, false);
    let o = offset + 8;
    if (!r.bbox) sv.setInt32(o, 0, true);
    else if (kind === 'point') {
      sv.setInt32(o, 1, true);
      sv.setFloat64(o + 4, r.parts[0][0][0], true);
      sv.setFloat64(o + 12, r.parts[0][0][1], true);
    } else {
      sv.setInt32(o, 5, true);
      r.bbox.forEach((v, k) => sv.setFloat64(o + 4 + 8 * k, v, true));
      sv.setInt32(o + 36, r.parts.length, true);
      sv.setInt32(o + 40, r.parts.reduce((n, p) => n + p.length, 0), true);
      o += 44;
      let start = 0;
      for (const part of r.parts) {
        sv.setInt32(o, start, true);
        o += 4;
        start += part.length;
      }
      for (const p of r.parts.flat()) {
        sv.setFloat64(o, p[0], true);
        sv.setFloat64(o + 8, p[1], true);
        o += 16;
      }
    }
    offset += 8 + lengths[i];
  });
  return { shp, shx };
}

const encoder = new TextEncoder();

/** the value as the .dbf field holds it (UTF-8, cut on a character boundary to the field's bytes) */
function fieldBytes(value: unknown, column: Column): Uint8Array {
  const out = new Uint8Array(column.length).fill(0x20);
  if (value === null || value === undefined) return out;
  if (column.type === 'N') {
    const text = Number(value).toFixed(column.decimals);
    out.set(encoder.encode(text.slice(-column.length)), Math.max(0, column.length - text.length));
    return out;
  }
  let bytes = encoder.encode(String(value));
  if (bytes.length > column.length) {
    let cut = column.length;
    while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
    bytes = bytes.subarray(0, cut);
  }
  out.set(bytes);
  return out;
}

function columnOf(name: string, values: unknown[]): Column {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const decimals = Math.min(6, Math.max(0, ...present.map((v) => (String(v).split('.')[1] ?? '').length)));
    return { name, type: 'N', length: 19, decimals };
  }
  const longest = Math.max(1, ...present.map((v) => encoder.encode(String(v)).length));
  return { name, type: 'C', length: Math.min(254, longest), decimals: 0 };
}

function dbf(features: Feature[], names: string[]): Uint8Array {
  const columns = names.map((n) => columnOf(n, features.map((f) => f.properties?.[n])));
  const headerLength = 32 + 32 * columns.length + 1;
  const recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(headerLength + recordLength * features.length + 1);
  const view = new DataView(out.buffer);
  const today = new Date();
  out[0] = 0x03;
  out[1] = today.getUTCFullYear() - 1900;
  out[2] = today.getUTCMonth() + 1;
  out[3] = today.getUTCDate();
  view.setUint32(4, features.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  columns.forEach((c, i) => {
    const at = 32 + 32 * i;
    out.set(encoder.encode(c.name.slice(0, 10)), at);
    out[at + 11] = c.type.charCodeAt(0);
    out[at + 16] = c.length;
    out[at + 17] = c.decimals;
  });
  out[headerLength - 1] = 0x0d;
  features.forEach((f, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    for (const c of columns) {
      out.set(fieldBytes(f.properties?.[c.name], c), at);
      at += c.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

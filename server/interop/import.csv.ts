// CSV in, as spreadsheets write it (UTF-8 or GB18030, see registry/csv.parse.ts): a header row, then one
// feature per row with its geometry either as two columns (lon, lat — e.g. points copied from Amap) or
// as one WKT column (what QGIS and ogr2ogr write with GEOMETRY=AS_WKT).
import { decodeCsv, parseCsv } from '../registry/csv.parse.ts';
import { GEOMETRY_FIELDS, guessMapping, type FieldMapping } from './field.mapping.ts';
import type { SourceFeature, SourceRead } from './import.source.ts';
import { parseWkt } from './wkt.parse.ts';

const MAX_ROWS = 1_000_000;

/** geometry: the lon/lat or wkt columns (guessed from the header when not given) */
export function readCsv(bytes: Uint8Array, geometry: Pick<FieldMapping, 'lon' | 'lat' | 'wkt'> = {}): SourceRead {
  const parsed = parseCsv(decodeCsv(bytes), MAX_ROWS + 1);
  if (!parsed.valid) return { valid: false, reason: parsed.reason };
  const [header, ...rows] = parsed.records;
  if (!header) return { valid: false, reason: 'the CSV is empty: it needs a header row and one row per feature' };
  const columns = header.fields.map((f) => f.trim());
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) return { valid: false, reason: `the header names the column "${duplicate}" twice` };
  // what the caller named wins; else the header decides, WKT before lon/lat (it carries polygons)
  const chosen: FieldMapping = geometry.lon && geometry.lat ? { lon: geometry.lon, lat: geometry.lat } : geometry.wkt ? { wkt: geometry.wkt } : guessMapping(columns, GEOMETRY_FIELDS);
  for (const column of [chosen.lon, chosen.lat, chosen.wkt]) {
    if (column !== undefined && !columns.includes(column)) return { valid: false, reason: `the CSV has no column "${column}"; its columns are ${columns.join(', ')}` };
  }
  const useWkt = chosen.wkt !== undefined;
  if (!useWkt && (chosen.lon === undefined || chosen.lat === undefined)) {
    return { valid: false, reason: `no geometry columns: name a WKT column, or a longitude and a latitude column (columns: ${columns.join(', ')})` };
  }
  const geometryColumns = new Set(useWkt ? [chosen.wkt] : [chosen.lon, chosen.lat]);
  const features = rows.map((record): SourceFeature => {
    const properties: Record<string, unknown> = {};
    const value = (column: string | undefined) => record.fields[columns.indexOf(column!)]?.trim() ?? '';
    columns.forEach((c, i) => {
      if (!geometryColumns.has(c)) properties[c] = record.fields[i] ?? '';
    });
    const ref = `row ${record.row}`;
    if (useWkt) {
      const wkt = parseWkt(value(chosen.wkt));
      return wkt.valid ? { ref, properties, geometry: wkt.geometry } : { ref, properties, geometry: null, problem: wkt.reason };
    }
    const lon = Number(value(chosen.lon));
    const lat = Number(value(chosen.lat));
    if (value(chosen.lon) === '' || value(chosen.lat) === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      return { ref, properties, geometry: null, problem: `longitude/latitude "${value(chosen.lon).slice(0, 20)}", "${value(chosen.lat).slice(0, 20)}" are not numbers` };
    }
    return { ref, properties, geometry: { type: 'Point', coordinates: [lon, lat] } };
  });
  const notes = [useWkt ? `geometry from the WKT column "${chosen.wkt}"` : `points from the columns "${chosen.lon}" (longitude) and "${chosen.lat}" (latitude)`];
  return { valid: true, source: { format: 'csv', features, columns: columns.filter((c) => !geometryColumns.has(c)), crs: null, notes } };
}

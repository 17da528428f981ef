// CSV out, for spreadsheets and for QGIS's delimited-text layer: the columns, then the geometry as WKT
// in the last column (what QGIS and ogr2ogr read back with GEOM_POSSIBLE_NAMES=wkt).
// A BOM first, so Excel on a Chinese Windows opens the UTF-8 as UTF-8.
import type { FeatureCollection } from 'geojson';
import { toWkt } from '../demo/geometry.wkt.ts';

const quote = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // a leading = + - @ would be a formula in a spreadsheet: quote it as text
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function csvBytes(collection: FeatureCollection, columns: string[]): Uint8Array {
  const lines = [[...columns, 'wkt'].join(',')];
  for (const f of collection.features) {
    const values = columns.map((c) => quote(f.properties?.[c]));
    lines.push([...values, quote(f.geometry ? toWkt(f.geometry) : '')].join(','));
  }
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
}

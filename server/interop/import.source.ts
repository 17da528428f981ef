// What every import reader gives back, whatever the file was: features with their original
// properties and geometry (still in the source's coordinates), the columns seen, and the coordinate
// system the file itself declares. Reading never throws: a file that cannot be read at all is
// { valid: false, reason }, a feature that cannot be read carries its own problem and the rest go on.
import type { Geometry } from 'geojson';
import type { SourceCrs } from './crs.convert.ts';

export type ImportFormat = 'geojson' | 'shapefile' | 'csv';
export const IMPORT_FORMATS: ImportFormat[] = ['geojson', 'shapefile', 'csv'];

export interface SourceFeature {
  /** how the planner finds it in the file: "feature 3", "row 5" (as a spreadsheet numbers rows) */
  ref: string;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
  /** why the geometry could not be read; the feature is reported and skipped */
  problem?: string;
}

export interface SourceData {
  format: ImportFormat;
  features: SourceFeature[];
  columns: string[];
  /** declared by the file (.prj, a GeoJSON crs member); null when it says nothing */
  crs: SourceCrs | null;
  /** things worth telling the planner that are not errors (an encoding guessed, a layer chosen) */
  notes: string[];
}

export type SourceRead = { valid: true; source: SourceData } | { valid: false; reason: string };

/** Which reader a file needs, from its first bytes (a zip's PK, JSON's brace) when not told. */
export function sniffFormat(bytes: Uint8Array): ImportFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'shapefile';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b ? 'geojson' : 'csv';
}

/** the union of the features' property names, in the order first seen */
export function columnsOf(features: SourceFeature[]): string[] {
  const seen = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties)) seen.add(key);
  return [...seen];
}

// From a file's bytes to the grids or buildings it holds, in WGS84, each feature either accepted or
// rejected with its reason: read (GeoJSON, zipped Shapefile, CSV) → coordinate system (declared by
// the file, or chosen by the planner: GCJ-02/BD-09 are converted here) → field mapping → geometry
// checks. Pure and without I/O; writing the accepted features is the caller's one transaction.
import type { Geometry } from 'geojson';
import { crsLabel, looksGeographic, toWgs84, type CrsName, type SourceCrs } from './crs.convert.ts';
import { fieldsOf, guessMapping, mapBuilding, mapGrid, unknownColumns, type BuildingInput, type FieldMapping, type ImportTarget, type Mapped } from './field.mapping.ts';
import { readCsv } from './import.csv.ts';
import { readGeojson } from './import.geojson.ts';
import { readShapefileZip } from './import.shapefile.ts';
import { sniffFormat, type ImportFormat, type SourceData, type SourceRead } from './import.source.ts';
import type { PlanGridInput } from '../plans/plan.types.ts';

export interface ImportRequest {
  format?: ImportFormat;
  /** 'auto': what the file declares (.prj, GeoJSON crs), else WGS84 */
  crs: CrsName | 'auto';
  /** the planner's mapping; fields left out are guessed from the column names */
  mapping: FieldMapping;
}

export interface Rejected {
  ref: string;
  reason: string;
}

export interface ImportPlan<T> {
  format: ImportFormat;
  crs: string;
  mapping: FieldMapping;
  columns: string[];
  accepted: Array<{ ref: string; value: T }>;
  rejected: Rejected[];
  notes: string[];
}

export type Prepared<T> = { valid: true; plan: ImportPlan<T> } | { valid: false; reason: string };

/** where a long import is: the file read, features checked so far, the write begun */
export type ImportProgress = { phase: 'read' } | { phase: 'check'; done: number; total: number } | { phase: 'write'; features: number };
/** told of progress; the import waits for it, so a streamed answer can flush between steps */
export type ProgressListener = (progress: ImportProgress) => void | Promise<void>;

/** features checked between two progress reports */
const PROGRESS_EVERY = 2000;

export async function readSource(bytes: Uint8Array, format: ImportFormat | undefined, mapping: FieldMapping): Promise<SourceRead> {
  switch (format ?? sniffFormat(bytes)) {
    case 'shapefile':
      return readShapefileZip(bytes);
    case 'geojson':
      return readGeojson(new TextDecoder().decode(bytes));
    case 'csv':
      return readCsv(bytes, { lon: mapping.lon, lat: mapping.lat, wkt: mapping.wkt });
  }
}

/** The planner's choice names what the coordinates are (Amap exports claim WGS84 while holding GCJ-02); a projection from a .prj cannot be overruled. */
export function sourceCrs(declared: SourceCrs | null, chosen: CrsName | 'auto'): SourceCrs {
  if (declared?.kind === 'projected' || chosen === 'auto') return declared ?? { kind: 'named', name: 'wgs84' };
  return { kind: 'named', name: chosen };
}

type Mapper<T> = (properties: Record<string, unknown>, geometry: Geometry, mapping: FieldMapping) => Mapped<T>;

async function prepare<T>(source: SourceData, request: ImportRequest, target: ImportTarget, map: Mapper<T>, onProgress?: ProgressListener): Promise<Prepared<T>> {
  const unknown = unknownColumns(withoutGeometry(request.mapping), source.columns);
  if (unknown.length) return { valid: false, reason: `the mapping names columns the file does not have: ${unknown.join(', ')}; its columns are ${source.columns.join(', ') || '(none)'}` };
  const mapping = { ...guessMapping(source.columns, fieldsOf(target)), ...withoutGeometry(request.mapping) };
  const crs = sourceCrs(source.crs, request.crs);
  const readable = source.features.filter((f) => f.geometry);
  if (readable.length && crs.kind === 'named' && !readable.some((f) => looksGeographic(f.geometry!))) {
    return { valid: false, reason: 'the coordinates are not longitude/latitude (metres of a projection?): include the .prj, or reproject to EPSG:4490 or EPSG:4326 first' };
  }
  const plan: ImportPlan<T> = { format: source.format, crs: crsLabel(crs), mapping, columns: source.columns, accepted: [], rejected: [], notes: [...source.notes] };
  for (const [i, f] of source.features.entries()) {
    if (onProgress && i % PROGRESS_EVERY === 0) await onProgress({ phase: 'check', done: i, total: source.features.length });
    if (!f.geometry) {
      plan.rejected.push({ ref: f.ref, reason: f.problem ?? 'no geometry' });
      continue;
    }
    const geometry = toWgs84(f.geometry, crs);
    if (!looksGeographic(geometry)) {
      plan.rejected.push({ ref: f.ref, reason: 'coordinates outside longitude −180…180 / latitude −90…90' });
      continue;
    }
    const mapped = map(f.properties, geometry, mapping);
    if (mapped.valid) plan.accepted.push({ ref: f.ref, value: mapped.value });
    else plan.rejected.push({ ref: f.ref, reason: mapped.reason });
  }
  if (source.features.length === 0) plan.notes.push('the file holds no features');
  return { valid: true, plan };
}

const withoutGeometry = ({ lon: _lon, lat: _lat, wkt: _wkt, ...rest }: FieldMapping): FieldMapping => rest;

export async function prepareImport<T>(bytes: Uint8Array, request: ImportRequest, target: ImportTarget, onProgress?: ProgressListener): Promise<Prepared<T>> {
  const read = await readSource(bytes, request.format, request.mapping);
  if (!read.valid) return read;
  await onProgress?.({ phase: 'read' });
  const map = (target === 'grids' ? mapGrid : mapBuilding) as unknown as Mapper<T>;
  return prepare(read.source, request, target, map, onProgress);
}

export const prepareGridImport = (bytes: Uint8Array, request: ImportRequest, onProgress?: ProgressListener) => prepareImport<PlanGridInput>(bytes, request, 'grids', onProgress);
export const prepareBuildingImport = (bytes: Uint8Array, request: ImportRequest, onProgress?: ProgressListener) => prepareImport<BuildingInput>(bytes, request, 'buildings', onProgress);

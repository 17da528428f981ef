// A zipped Shapefile in: one layer (.shp + .dbf, with .prj and .cpg when present). The .prj decides
// the coordinate system (WGS84, CGCS2000, or a CGCS2000 projection); the .cpg, or failing it a look
// at the bytes, decides the text encoding (Chinese desktop GIS writes GBK more often than UTF-8).
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { crsFromPrj, type SourceCrs } from './crs.convert.ts';
import type { SourceFeature, SourceRead } from './import.source.ts';
import { columnsOf } from './import.source.ts';

/** a zip that unpacks to more than this is refused before it fills the memory (a zip bomb) */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

export async function readShapefileZip(zip: Uint8Array): Promise<SourceRead> {
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw new Error(`it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
        return /\.(shp|dbf|prj|cpg)$/i.test(file.name) && !/(^|\/)__MACOSX\//.test(file.name);
      },
    });
  } catch (err) {
    return { valid: false, reason: `the file is not a readable zip archive (${(err as Error).message}); zip the .shp, .shx, .dbf and .prj together` };
  }
  const layers = Object.keys(files).filter((n) => /\.shp$/i.test(n));
  if (layers.length === 0) return { valid: false, reason: 'the zip holds no .shp file; zip the .shp, .shx, .dbf and .prj of one layer' };
  if (layers.length > 1) return { valid: false, reason: `the zip holds ${layers.length} layers (${layers.slice(0, 5).join(', ')}); send one layer per import` };
  const stem = layers[0].slice(0, -4);
  const sibling = (ext: string) => Object.entries(files).find(([n]) => n.toLowerCase() === `${stem}.${ext}`.toLowerCase())?.[1];
  const dbf = sibling('dbf');
  if (!dbf) return { valid: false, reason: `${stem}.dbf is missing from the zip: the attributes (name, code …) live there` };

  const notes: string[] = [];
  let crs: SourceCrs | null = null;
  const prj = sibling('prj');
  if (prj) {
    const reading = crsFromPrj(new TextDecoder().decode(prj));
    if (!reading.valid) return { valid: false, reason: reading.reason };
    crs = reading.crs;
  } else notes.push('no .prj in the zip: the coordinate system is the one chosen for the import');

  const encoding = dbfEncoding(dbf, sibling('cpg'));
  if (!sibling('cpg')) notes.push(`no .cpg in the zip: attributes read as ${encoding}`);

  const features: SourceFeature[] = [];
  try {
    const source = await shapefile.open(files[layers[0]], dbf, { encoding });
    for (let n = 1; ; n++) {
      const next = await source.read();
      if (next.done) break;
      const f = next.value;
      const properties = (f.properties ?? {}) as Record<string, unknown>;
      features.push(f.geometry ? { ref: `feature ${n}`, properties, geometry: f.geometry } : { ref: `feature ${n}`, properties, geometry: null, problem: 'empty (null) shape' });
    }
  } catch (err) {
    return { valid: false, reason: `${layers[0]} could not be read as a Shapefile (${(err as Error).message})` };
  }
  return { valid: true, source: { format: 'shapefile', features, columns: columnsOf(features), crs, notes } };
}

/** the .cpg's code page, else UTF-8 when the attribute bytes are valid UTF-8, else GB18030 (a superset of GBK) */
function dbfEncoding(dbf: Uint8Array, cpg: Uint8Array | undefined): string {
  if (cpg) {
    const label = new TextDecoder().decode(cpg).trim().toLowerCase();
    if (/^(utf-?8|65001)$/.test(label)) return 'utf-8';
    if (/^(gbk|gb2312|gb18030|936|cp936|ansi 936)$/.test(label)) return 'gb18030';
    try {
      return new TextDecoder(label).encoding;
    } catch {
      // an unknown label: fall through to looking at the bytes
    }
  }
  // the records, past the binary header (its length is the little-endian uint16 at byte 8)
  const headerLength = dbf.length >= 10 ? dbf[8] | (dbf[9] << 8) : 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLength));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

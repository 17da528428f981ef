// GeoJSON out. RFC 7946 knows only WGS84, so a CGCS2000 file says so with the `crs` member GDAL and
// QGIS still read; GCJ-02 has no code to name, and the file name carries it instead.
import type { FeatureCollection } from 'geojson';
import type { ExportCrs } from './crs.convert.ts';

export function geojsonBytes(collection: FeatureCollection, crs: ExportCrs): Uint8Array {
  const doc = crs === 'cgcs2000' ? { type: collection.type, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } }, features: collection.features } : collection;
  return new TextEncoder().encode(JSON.stringify(doc));
}

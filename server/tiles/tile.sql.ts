// SQL shared by both encoders, so they start from the very same rows: the `&&` index filter and the
// simplification to the tile's resolution happen here, once.
// Parameters: $1 z, $2 x, $3 y, $4 size of one tile pixel in metres. Identifiers come from layer
// definitions in code and are quoted anyway; nothing from a request is ever spliced in.
import { pixelSpan, type TileCoords } from './tile.coords.ts';
import type { TileSource } from './layer.types.ts';

/** MVT tile extent: 4096 units across, the de-facto standard resolution. */
export const EXTENT = 4096;
/** Geometry kept beyond the tile edge, in tile units, so strokes and labels do not stop at seams. */
export const BUFFER = 64;
/** Douglas–Peucker tolerance in tile units; anything finer disappears when snapping to whole units. */
export const SIMPLIFY_UNITS = 0.5;

export const tileEnvelopeSql = 'ST_TileEnvelope($1, $2, $3)';
const unitSql = '$4::float8';
export const bufferedEnvelopeSql = `ST_Expand(${tileEnvelopeSql}, ${BUFFER} * ${unitSql})`;

export function tileParams({ z, x, y }: TileCoords): [number, number, number, number] {
  return [z, x, y, pixelSpan(z, EXTENT)];
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The property columns of a feature row, quoted, for encoders' select lists. */
export const propertyColumns = (source: TileSource, alias: string) =>
  Object.keys(source.properties).map((name) => `${alias}.${ident(name)}`);

/**
 * Rows `id, <properties…>, geom` of one source for the tile, still in EPSG:3857, lines and polygons
 * thinned to the tile's resolution: vertices closer than half a tile unit dropped, then Douglas–Peucker
 * at half a unit — the first thing ST_AsMVTGeom does, done here so both encoders start from it.
 * No clipping here: GEOS clips invalid polygons wrongly on PostgreSQL and, on PGlite, a GEOS error
 * silently empties the whole result. Each encoder clips in tile units after repairing.
 */
export function featureSql(source: TileSource): string {
  const half = `${SIMPLIFY_UNITS} * ${unitSql}`;
  const geometry = source.geometryKind === 'point' ? source.geometry : `ST_Simplify(ST_RemoveRepeatedPoints(${source.geometry}, ${half}), ${half})`;
  const properties = Object.entries(source.properties).map(([name, expr]) => `${expr} as ${ident(name)}`);
  const reach = source.indexed ? `${source.indexed.geometry} && ST_Expand(${bufferedEnvelopeSql}, ${Number(source.indexed.reachMetres)})` : undefined;
  const where = [source.where, reach, `${source.geometry} && ${bufferedEnvelopeSql}`].filter(Boolean).map((w) => `(${w})`);
  return `select ${source.featureId} as id, ${[...properties, `${geometry} as geom`].join(', ')}
    from ${source.from} where ${where.join(' and ')}`;
}

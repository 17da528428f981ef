// The fallback for PostGIS builds without protobuf (PGlite): SQL still does the geometry work that
// ST_AsMVTGeom does — move to tile units with y pointing down, snap to whole units, repair what the
// snap broke, wind exterior rings the way MVT wants — and hands back GeoJSON in tile units, which
// vt-pbf writes as protobuf. Only the encoding itself runs in JS.
import vtpbf, { type VtFeature } from 'vt-pbf';
import type { Geometry, Position } from 'geojson';
import type { TileEncoder } from './tile.encoder.ts';
import type { TileSource } from './layer.types.ts';
import { BUFFER, EXTENT, featureSql, propertyColumns, tileEnvelopeSql, tileParams } from './tile.sql.ts';

// Same transform as ST_AsMVTGeom: x' = (x - west) · extent / width, y' = (north - y) · extent / height.
const toTileUnits = (geom: string) =>
  `ST_SnapToGrid(ST_Affine(${geom}, tile.sx, 0, 0, -tile.sy, -tile.west * tile.sx, tile.north * tile.sy), 1)`;

// Snapping can make a polygon self-touch or collapse; repair it, snap the repair's new vertices, and
// keep only polygons (a collapsed ring becomes a line, which the polygon layer must not carry).
// MVT wants exterior rings with positive surveyor's area in y-down tile units: PostGIS's "CCW".
const polygonInTileUnits = (g: string) =>
  `ST_ForcePolygonCCW(ST_CollectionExtract(case when (ST_IsValidDetail(${g})).valid then ${g} else ST_SnapToGrid(ST_MakeValid(${g}), 1) end, 3))`;

const bufferBox = `ST_MakeEnvelope(${-BUFFER}, ${-BUFFER}, ${EXTENT + BUFFER}, ${EXTENT + BUFFER})`;

/** Rows `id, <properties…>, geometry` (GeoJSON in tile units) of one source in the tile. */
export function jsSourceSql(source: TileSource): string {
  return `with f as (${featureSql(source)}),
    tile as (
      select ${EXTENT} / (ST_XMax(e) - ST_XMin(e)) as sx, ${EXTENT} / (ST_YMax(e) - ST_YMin(e)) as sy,
             ST_XMin(e) as west, ST_YMax(e) as north
      from (select ${tileEnvelopeSql} as e) s),
    snapped as (select f.*, ${toTileUnits('f.geom')} as g from f, tile),
    shaped as (
      select snapped.*, case ST_Dimension(g)
        when 0 then ST_CollectionExtract(ST_ClipByBox2D(g, ${bufferBox}), 1)
        when 1 then ST_CollectionExtract(g, 2)
        else ${polygonInTileUnits('g')} end as t
      from snapped where not ST_IsEmpty(g))
    select ${['s.id', ...propertyColumns(source, 's')].join(', ')}, ST_AsGeoJSON(s.t, 0) as geometry
    from shaped s where s.t is not null and not ST_IsEmpty(s.t)`;
}

type Row = { id: number; geometry: string } & Record<string, string | number | boolean | null>;

/** geojson-vt's feature shape, which vt-pbf writes: rings of every part in one list for polygons. */
export function toVtFeature(row: Row, source: TileSource): VtFeature | null {
  const geometry = JSON.parse(row.geometry) as Geometry;
  const shape = vtGeometry(geometry);
  if (!shape) return null;
  const tags: VtFeature['tags'] = {};
  for (const name of Object.keys(source.properties)) tags[name] = row[name] ?? null;
  return { id: row.id, type: shape.type, geometry: shape.geometry, tags };
}

function vtGeometry(g: Geometry): Pick<VtFeature, 'type' | 'geometry'> | null {
  switch (g.type) {
    case 'Point':
      return { type: 1, geometry: [g.coordinates] };
    case 'MultiPoint':
      return { type: 1, geometry: g.coordinates };
    case 'LineString':
      return { type: 2, geometry: [g.coordinates] };
    case 'MultiLineString':
      return { type: 2, geometry: g.coordinates };
    case 'Polygon':
      return { type: 3, geometry: g.coordinates };
    case 'MultiPolygon':
      return { type: 3, geometry: g.coordinates.flat() as Position[][] };
    default:
      return null;
  }
}

const statements = new WeakMap<TileSource, string>();

function statementFor(source: TileSource): string {
  let sql = statements.get(source);
  if (!sql) statements.set(source, (sql = jsSourceSql(source)));
  return sql;
}

export const jsEncoder: TileEncoder = {
  name: 'js',
  async encode(db, sources, tile) {
    const layers: Record<string, { features: VtFeature[] }> = {};
    const params = tileParams(tile);
    for (const source of sources) {
      const { rows } = await db.query<Row>(statementFor(source), params);
      const features = rows.map((row) => toVtFeature(row, source)).filter((f): f is VtFeature => f !== null);
      if (features.length) layers[source.id] = { features };
    }
    if (Object.keys(layers).length === 0) return new Uint8Array(0);
    return vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT });
  },
};

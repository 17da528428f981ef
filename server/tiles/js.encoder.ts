// The fallback for PostGIS builds without protobuf (PGlite): SQL still does the geometry work that
// ST_AsMVTGeom does, in the same order — move to tile units with y pointing down, snap to whole units,
// clip to the buffered tile, repair what snapping broke, wind exterior rings the way MVT wants — and
// hands back GeoJSON in tile units, which vt-pbf writes as protobuf. Only the encoding runs in JS.
import vtpbf, { type VtFeature } from 'vt-pbf';
import type { Geometry, Position } from 'geojson';
import type { TileEncoder } from './tile.encoder.ts';
import type { TileSource } from './layer.types.ts';
import { BUFFER, EXTENT, featureSql, ident, literal, tileEnvelopeSql, tileParams } from './tile.sql.ts';

// Same transform as ST_AsMVTGeom: x' = (x - west) · extent / width, y' = (north - y) · extent / height.
const toTileUnits = (geom: string) =>
  `ST_SnapToGrid(ST_Affine(${geom}, tile.sx, 0, 0, -tile.sy, -tile.west * tile.sx, tile.north * tile.sy), 1)`;

const bufferBox = `ST_MakeEnvelope(${-BUFFER}, ${-BUFFER}, ${EXTENT + BUFFER}, ${EXTENT + BUFFER})`;

/**
 * GEOS must never see an invalid polygon here: on PGlite a GEOS error does not raise, it silently
 * empties the whole result, and a single broken grid would blank the tile. Snapping to whole units
 * is what breaks polygons (spikes fold, rings touch), so repair comes after every snap.
 */
const repaired = (g: string) => `case when (ST_IsValidDetail(${g})).valid then ${g} else ST_MakeValid(${g}) end`;

/** Rows `layer, id, properties (jsonb), geometry (GeoJSON in tile units)` of one source in the tile. */
export function jsSourceSql(source: TileSource): string {
  // Clip to the buffered tile; where edges cross it the new vertices are fractional, so snap again.
  // Polygons are repaired before clipping and after the second snap, keep only polygon parts (a ring
  // collapsed by snapping turns into a line the layer must not carry), and get the exterior winding
  // MVT wants: positive surveyor's area in y-down tile units, which is PostGIS's "CCW".
  // MATERIALIZED: inlined, each step's expression would be copied into every later reference to it —
  // GEOS work repeated dozens of times per row, and planning alone slower than the whole tile.
  return `with f as (${featureSql(source)}),
    tile as (
      select ${EXTENT} / (ST_XMax(e) - ST_XMin(e)) as sx, ${EXTENT} / (ST_YMax(e) - ST_YMin(e)) as sy,
             ST_XMin(e) as west, ST_YMax(e) as north
      from (select ${tileEnvelopeSql} as e) s),
    snapped as materialized (select f.*, ${toTileUnits('f.geom')} as g from f, tile),
    clipped as materialized (
      select snapped.*, ST_Dimension(g) as dim, case ST_Dimension(g)
        when 0 then ST_CollectionExtract(ST_ClipByBox2D(g, ${bufferBox}), 1)
        when 1 then ST_CollectionExtract(ST_SnapToGrid(ST_ClipByBox2D(g, ${bufferBox}), 1), 2)
        else ST_SnapToGrid(ST_ClipByBox2D(${repaired('g')}, ${bufferBox}), 1) end as c
      from snapped where not ST_IsEmpty(g)),
    shaped as materialized (
      select clipped.*, case when dim < 2 then c else ST_ForcePolygonCCW(ST_CollectionExtract(ST_SnapToGrid(${repaired('c')}, 1), 3)) end as t
      from clipped where c is not null and not ST_IsEmpty(c))
    select ${literal(source.id)} as layer, s.id, ${jsonProperties(source, 's')} as properties, ST_AsGeoJSON(s.t, 0) as geometry
    from shaped s where s.t is not null and not ST_IsEmpty(s.t)`;
}

const jsonProperties = (source: TileSource, alias: string) => {
  const pairs = Object.keys(source.properties).map((name) => `${literal(name)}, ${alias}.${ident(name)}`);
  return pairs.length ? `jsonb_build_object(${pairs.join(', ')})` : `'{}'::jsonb`;
};

/** All sources in one statement: on PGlite each statement costs a round through the WASM engine. */
export function jsTileSql(sources: readonly TileSource[]): string {
  return sources.map((source) => `(${jsSourceSql(source)})`).join('\n    union all\n    ');
}

interface Row {
  layer: string;
  id: number;
  properties: Record<string, string | number | boolean | null>;
  geometry: string;
}

/** geojson-vt's feature shape, which vt-pbf writes: rings of every part in one list for polygons. */
export function toVtFeature(row: Row): VtFeature | null {
  const shape = vtGeometry(JSON.parse(row.geometry) as Geometry);
  return shape && { id: row.id, type: shape.type, geometry: shape.geometry, tags: row.properties };
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

// Keyed by the sources array itself: the tile service hands out one array per layer and zoom.
const statements = new WeakMap<readonly TileSource[], string>();

function statementFor(sources: readonly TileSource[]): string {
  let sql = statements.get(sources);
  if (!sql) statements.set(sources, (sql = jsTileSql(sources)));
  return sql;
}

export const jsEncoder: TileEncoder = {
  name: 'js',
  async encode(db, sources, tile) {
    if (sources.length === 0) return new Uint8Array(0);
    const { rows } = await db.query<Row>(statementFor(sources), tileParams(tile));
    const layers: Record<string, { features: VtFeature[] }> = {};
    for (const row of rows) {
      const feature = toVtFeature(row);
      if (feature) (layers[row.layer] ??= { features: [] }).features.push(feature);
    }
    if (Object.keys(layers).length === 0) return new Uint8Array(0);
    return vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT });
  },
};

// The fast path: PostGIS clips, snaps, validates and encodes in one statement (ST_AsMVT needs a
// PostGIS built with protobuf-c — Debian's is, PGlite's is not).
import type { TileEncoder } from './tile.encoder.ts';
import type { TileSource } from './layer.types.ts';
import { BUFFER, EXTENT, featureSql, literal, propertyColumns, tileEnvelopeSql, tileParams } from './tile.sql.ts';

/** One statement for all sources: MVT layers are protobuf messages, so their bytes concatenate into one tile. */
export function postgisTileSql(sources: readonly TileSource[]): string {
  const layers = sources.map((source) => {
    const columns = ['f.id', ...propertyColumns(source, 'f'), `ST_AsMVTGeom(f.geom, ${tileEnvelopeSql}, ${EXTENT}, ${BUFFER}, true) as geom`];
    return `coalesce((select ST_AsMVT(t, ${literal(source.id)}, ${EXTENT}, 'geom', 'id')
      from (select ${columns.join(', ')} from (${featureSql(source)}) f) t
      where t.geom is not null), ''::bytea)`;
  });
  return `select ${layers.join(' || ')} as mvt`;
}

// Keyed by the sources array itself: the tile service hands out one array per layer and zoom.
const statements = new WeakMap<readonly TileSource[], string>();

function statementFor(sources: readonly TileSource[]): string {
  let sql = statements.get(sources);
  if (!sql) statements.set(sources, (sql = postgisTileSql(sources)));
  return sql;
}

export const postgisEncoder: TileEncoder = {
  name: 'postgis',
  async encode(db, sources, tile) {
    if (sources.length === 0) return new Uint8Array(0);
    const { rows } = await db.query<{ mvt: Uint8Array }>(statementFor(sources), tileParams(tile));
    return rows[0].mvt;
  },
};

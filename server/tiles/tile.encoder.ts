import type { Capabilities, Queryable } from '../db/db.ts';
import type { TileSource } from './layer.types.ts';
import type { TileCoords } from './tile.coords.ts';
import { postgisEncoder } from './postgis.encoder.ts';
import { jsEncoder } from './js.encoder.ts';

/** Turns the features of some sources in one tile into MVT bytes; the two implementations must agree. */
export interface TileEncoder {
  readonly name: 'postgis' | 'js';
  /** the tile's MVT bytes, one MVT layer per source with features; empty when none has any */
  encode(db: Queryable, sources: readonly TileSource[], tile: TileCoords): Promise<Uint8Array>;
}

/** ST_AsMVT where PostGIS was built with protobuf; the JS encoder (PGlite) everywhere else. */
export function encoderFor(capabilities: Pick<Capabilities, 'mvt'>): TileEncoder {
  return capabilities.mvt ? postgisEncoder : jsEncoder;
}

// What a tile layer is, independent of how its tiles get encoded (pg_tileserv / martin style): a URL
// name, the data revision that invalidates it, and one or more MVT layers described as SQL the
// encoders wrap. Every SQL fragment here is a constant written in code — nothing comes from a request.

/** One MVT layer inside a tile; also its TileJSON `vector_layers` entry. */
export interface VectorLayer {
  /** the MVT layer name clients style against (`source-layer` in MapLibre) */
  id: string;
  description: string;
  /** property name → "Type: meaning" (TileJSON 3.0 `fields`) */
  fields: Record<string, string>;
  minzoom: number;
  maxzoom: number;
}

/**
 * The features of one MVT layer. The encoders read `from`/`where` rows whose `geometry` (EPSG:3857)
 * touches the tile, take the feature id from `featureId` and the properties from `properties`.
 */
export interface TileSource extends VectorLayer {
  /** lines and polygons are clipped and simplified to the tile's resolution; points are kept as they are */
  geometryKind: 'point' | 'line' | 'polygon' | 'mixed';
  /** table (or join) the rows come from */
  from: string;
  /** rows that belong to the layer at all, e.g. the current generation only */
  where?: string;
  /** EPSG:3857 geometry expression over `from`, backed by a GiST index unless `indexed` says otherwise */
  geometry: string;
  /**
   * For a geometry with no index of its own (a building's footprint around its indexed point): rows
   * are found by this indexed column within `reachMetres` of the tile, then kept if `geometry` touches it.
   */
  indexed?: { geometry: string; reachMetres: number };
  /** unsigned integer feature id expression */
  featureId: string;
  /** property name → SQL expression; a null value is left out of the feature */
  properties: Record<string, string>;
}

export interface Layer {
  /** URL name: /tiles/{id}.json, /tiles/{id}/{z}/{x}/{y}.mvt; also the data_revision layer */
  id: string;
  description: string;
  /** below minzoom a tile is empty (204) without asking the database */
  minzoom: number;
  /** deepest zoom with its own tiles; clients overzoom beyond it */
  maxzoom: number;
  sources: TileSource[];
  /** SQL returning one row {west, south, east, north} in lon/lat, all null when there is no data */
  boundsSql: string;
}

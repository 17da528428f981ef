// Serves tiles of the registered layers: cache by (layer, revision, z/x/y), one render per key at a
// time, the encoder the database can run. HTTP concerns (headers, 304, 204) stay in the routes.
import crypto from 'node:crypto';
import type { Db } from '../db/db.ts';
import type { Layer, TileSource } from './layer.types.ts';
import { MAX_ZOOM, tileKey, type TileCoords } from './tile.coords.ts';
import { TileCache, type CachedTile } from './tile.cache.ts';
import { encoderFor, type TileEncoder } from './tile.encoder.ts';
import { checkLayers, defaultLayers } from './layers.registry.ts';
import { buildTileJson, type LonLatBounds, type TileJson } from './tilejson.builder.ts';

export interface RenderedTile extends CachedTile {
  /** the data revision the tile was rendered for */
  revision: number;
}

export interface TileServiceOptions {
  layers?: readonly Layer[];
  /** bytes of encoded tiles kept in memory */
  cacheBytes?: number;
  /** defaults to the fastest the database supports */
  encoder?: TileEncoder;
}

export const DEFAULT_TILE_CACHE_BYTES = 64 * 1024 * 1024;

export class TileService {
  readonly layers: ReadonlyMap<string, Layer>;
  readonly encoder: TileEncoder;
  readonly cache: TileCache;
  private readonly rendering = new Map<string, Promise<CachedTile>>();
  private readonly sourcesAtZoom = new Map<Layer, (readonly TileSource[])[]>();
  private readonly bounds = new Map<string, { revision: number; bounds: Promise<LonLatBounds | null> }>();

  constructor(
    private readonly db: Db,
    private readonly revisions: { current(layer: string): number },
    options: TileServiceOptions = {},
  ) {
    this.layers = checkLayers(options.layers ?? defaultLayers);
    this.encoder = options.encoder ?? encoderFor(db.capabilities);
    this.cache = new TileCache(options.cacheBytes ?? DEFAULT_TILE_CACHE_BYTES);
  }

  layer(id: string): Layer | undefined {
    return this.layers.get(id);
  }

  get layerIds(): string[] {
    return [...this.layers.keys()];
  }

  /** The tile at the layer's current revision; empty bytes when it has no features. */
  async tile(layer: Layer, coords: TileCoords): Promise<RenderedTile> {
    const revision = this.revisions.current(layer.id);
    const key = cacheKey(layer, revision, coords);
    const cached = this.cache.get(key);
    if (cached) return { ...cached, revision };
    // A map opening sends the same tiles from many clients at once: render each once.
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = this.render(layer, coords).finally(() => this.rendering.delete(key));
      this.rendering.set(key, pending);
      pending.then((tile) => this.cache.set(key, tile), () => {});
    }
    return { ...(await pending), revision };
  }

  /** The tile of an earlier revision if the cache still holds it: what that revision's URL promised. */
  cachedAt(layer: Layer, revision: number, coords: TileCoords): RenderedTile | undefined {
    const cached = this.cache.get(cacheKey(layer, revision, coords));
    return cached && { ...cached, revision };
  }

  /** Encodes a tile without the cache (tests, benchmarks, warming). */
  async render(layer: Layer, coords: TileCoords, encoder = this.encoder): Promise<CachedTile> {
    const sources = this.sourcesFor(layer, coords.z);
    const bytes = sources.length ? await encoder.encode(this.db, sources, coords) : new Uint8Array(0);
    return { bytes, etag: etagOf(bytes) };
  }

  /** Extent of the layer's data in lon/lat, or null when it has none; read once per revision. */
  dataBounds(layer: Layer): Promise<LonLatBounds | null> {
    const revision = this.revisions.current(layer.id);
    const known = this.bounds.get(layer.id);
    if (known && known.revision === revision) return known.bounds;
    const bounds = this.db.query<{ west: number | null; south: number | null; east: number | null; north: number | null }>(layer.boundsSql).then(({ rows }) => {
      const { west, south, east, north } = rows[0] ?? {};
      return west == null || south == null || east == null || north == null ? null : ([west, south, east, north] as LonLatBounds);
    });
    this.bounds.set(layer.id, { revision, bounds });
    bounds.catch(() => this.bounds.delete(layer.id));
    return bounds;
  }

  async tileJson(layer: Layer, baseUrl: string): Promise<TileJson> {
    const revision = this.revisions.current(layer.id);
    return buildTileJson(layer, { baseUrl, revision, bounds: await this.dataBounds(layer) });
  }

  /** The sources with features at zoom z; one array per layer and zoom so encoders can memoise SQL on it. */
  private sourcesFor(layer: Layer, z: number): readonly TileSource[] {
    let byZoom = this.sourcesAtZoom.get(layer);
    if (!byZoom) {
      byZoom = Array.from({ length: MAX_ZOOM + 1 }, (_, zoom) =>
        zoom < layer.minzoom ? [] : layer.sources.filter((s) => zoom >= s.minzoom),
      );
      this.sourcesAtZoom.set(layer, byZoom);
    }
    return byZoom[z] ?? [];
  }
}

const cacheKey = (layer: Layer, revision: number, coords: TileCoords) => `${layer.id}/${revision}/${tileKey(coords)}`;

/** Strong ETag from the bytes: equal tiles across revisions still revalidate as unchanged. */
export function etagOf(bytes: Uint8Array): string {
  return `"${crypto.createHash('sha1').update(bytes).digest('base64url')}"`;
}

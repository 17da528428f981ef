// TileJSON 3.0.0 for one layer. Pure: the caller supplies the URL base, the revision and the bounds.
import type { Layer } from './layer.types.ts';
import { MAX_LATITUDE } from './tile.coords.ts';

export type LonLatBounds = [west: number, south: number, east: number, north: number];

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: LonLatBounds;
  center: [lon: number, lat: number, zoom: number];
  vector_layers: Array<{ id: string; description: string; fields: Record<string, string>; minzoom: number; maxzoom: number }>;
}

export const WORLD_BOUNDS: LonLatBounds = [-180, -MAX_LATITUDE, 180, MAX_LATITUDE];

/**
 * `baseUrl` is absolute (scheme and host as the client reached us). The revision is a path segment of
 * the tile URL: the bytes behind such a URL never change, so browsers and a CDN keep them for good,
 * and a map that reloads this document after an edit asks for new tiles instead of its cached ones.
 */
export function buildTileJson(layer: Layer, options: { baseUrl: string; revision: number; bounds: LonLatBounds | null }): TileJson {
  const bounds = options.bounds ?? WORLD_BOUNDS;
  const [west, south, east, north] = bounds;
  const zoom = options.bounds ? fitZoom(bounds, layer.minzoom, layer.maxzoom) : layer.minzoom;
  return {
    tilejson: '3.0.0',
    name: layer.id,
    description: layer.description,
    version: `1.0.${options.revision}`,
    scheme: 'xyz',
    tiles: [versionedTileUrl(options.baseUrl, layer.id, options.revision)],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds,
    center: [round((west + east) / 2), round((south + north) / 2), zoom],
    vector_layers: layer.sources.map(({ id, description, fields, minzoom, maxzoom }) => ({ id, description, fields, minzoom, maxzoom })),
  };
}

/** `{z}/{x}/{y}` stay as template tokens unless coordinates are given. */
export function versionedTileUrl(baseUrl: string, layerId: string, revision: number, coords = '{z}/{x}/{y}'): string {
  return `${baseUrl}/tiles/${layerId}/${revision}/${coords}.mvt`;
}

/** The deepest zoom at which the bounds still fit a 1024-pixel map, kept within the layer's zooms. */
export function fitZoom([west, south, east, north]: LonLatBounds, minzoom: number, maxzoom: number): number {
  const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI) / 360));
  const widthShare = Math.max((east - west) / 360, (mercatorY(north) - mercatorY(south)) / (2 * Math.PI));
  const zoom = widthShare > 0 ? Math.floor(Math.log2(1024 / 256 / widthShare)) : maxzoom;
  return Math.max(minzoom, Math.min(maxzoom, zoom));
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

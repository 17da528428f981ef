// Which basemap lies under the grids. The style served at /basemap/style.json is always ours (the grid,
// building and label layers the pages rely on); only what is underneath changes with BASEMAP:
// - demo: the offline basemap drawn from our own basemap layer (the default; needs no network)
// - tianditu: 天地图 vector raster (vec_w) with its annotation (cva_w), key from TIANDITU_KEY
// - a MapLibre style, by URL or as a .json file in tiles/: its sources and layers, ours on top
// - a .pmtiles file in tiles/: its raster tiles (a vector PMTiles needs a style file naming its layers)
// Pure: styles in, style out.
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

export type BasemapConfig =
  | { kind: 'demo' }
  | { kind: 'tianditu'; key: string }
  | { kind: 'style-url'; url: string }
  | { kind: 'style-file'; file: string }
  | { kind: 'pmtiles'; file: string };

export type BasemapReading = { valid: true; basemap: BasemapConfig } | { valid: false; reason: string };

/** BASEMAP and TIANDITU_KEY as settings say them */
export function readBasemapSetting(value: string, tiandituKey: string): BasemapReading {
  const v = value.trim();
  if (v === '' || v === 'demo') return { valid: true, basemap: { kind: 'demo' } };
  if (v === 'tianditu') {
    if (!/^[0-9a-f]{32}$/i.test(tiandituKey)) return { valid: false, reason: 'BASEMAP=tianditu needs TIANDITU_KEY, the 32-character key of a 天地图 browser-side (浏览器端) application' };
    return { valid: true, basemap: { kind: 'tianditu', key: tiandituKey } };
  }
  if (/^https?:\/\/\S+$/i.test(v)) return { valid: true, basemap: { kind: 'style-url', url: v } };
  if (/^[\w.-]+\.json$/.test(v) && v !== 'style.json') return { valid: true, basemap: { kind: 'style-file', file: v } };
  if (/^[\w.-]+\.pmtiles$/.test(v)) return { valid: true, basemap: { kind: 'pmtiles', file: v } };
  return { valid: false, reason: `BASEMAP must be demo, tianditu, a style URL (https://…/style.json), or the name of a .json style or .pmtiles file in tiles/, got "${v}"` };
}

/** our own basemap: the source and the layers drawn from it (everything else in our style is the overlay) */
const OWN_BASEMAP_SOURCE = 'basemap';
const isOwnBasemapLayer = (layer: LayerSpecification) => layer.type === 'background' || ('source' in layer && layer.source === OWN_BASEMAP_SOURCE);

function overlayOf(ours: StyleSpecification): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  const { [OWN_BASEMAP_SOURCE]: _basemap, ...sources } = ours.sources;
  return { sources, layers: ours.layers.filter((l) => !isOwnBasemapLayer(l)) };
}

const TIANDITU_SERVERS = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn`);

/** 天地图's Web-Mercator WMTS (the _w sets): a layer (vec, cva, img …) as MapLibre tile URLs */
export function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  return TIANDITU_SERVERS.map(
    (server) => `${server}/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

const attribution = (text: string) => ({ attribution: text });

function withBase(ours: StyleSpecification, sources: Record<string, SourceSpecification>, layers: LayerSpecification[], name: string): StyleSpecification {
  const overlay = overlayOf(ours);
  return { ...ours, name, sources: { ...sources, ...overlay.sources }, layers: [...layers, ...overlay.layers] };
}

export function tiandituStyle(ours: StyleSpecification, key: string): StyleSpecification {
  const raster = (layer: 'vec' | 'cva'): SourceSpecification => ({
    type: 'raster', tiles: tiandituTiles(layer, key), tileSize: 256, minzoom: 1, maxzoom: 18, ...attribution('© 天地图 tianditu.gov.cn'),
  });
  return withBase(
    ours,
    { 'tianditu-vec': raster('vec'), 'tianditu-cva': raster('cva') },
    [
      { id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec' },
      { id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva' },
    ],
    'Wangge on 天地图',
  );
}

/**
 * Another MapLibre style underneath ours. Its ids are prefixed so they never collide with ours; its
 * glyphs and sprite are kept when it has them (its labels need them; ours then use its font stacks).
 */
export function overlayOnto(ours: StyleSpecification, base: StyleSpecification, name: string): StyleSpecification {
  const prefix = 'base-';
  const sources = Object.fromEntries(Object.entries(base.sources ?? {}).map(([id, s]) => [`${prefix}${id}`, s]));
  const layers = (base.layers ?? []).map((l) => ({ ...l, id: `${prefix}${l.id}`, ...('source' in l && l.source ? { source: `${prefix}${l.source}` } : {}) }) as LayerSpecification);
  const style = withBase(ours, sources, layers, name);
  if (base.glyphs) style.glyphs = base.glyphs;
  if (base.sprite) style.sprite = base.sprite;
  return style;
}

/** PMTiles tile types (the header's byte 99) that draw as raster */
const RASTER_TILE_TYPES: Record<number, string> = { 2: 'png', 3: 'jpeg', 4: 'webp', 5: 'avif' };

export type PmtilesKind = { valid: true; raster: boolean } | { valid: false; reason: string };

/** what a PMTiles v3 archive holds, from its 127-byte header */
export function pmtilesKind(header: Uint8Array): PmtilesKind {
  if (header.length < 127 || new TextDecoder().decode(header.subarray(0, 7)) !== 'PMTiles' || header[7] !== 3) {
    return { valid: false, reason: 'not a PMTiles version 3 archive' };
  }
  if (header[99] === 1) return { valid: true, raster: false };
  if (RASTER_TILE_TYPES[header[99]]) return { valid: true, raster: true };
  return { valid: false, reason: `PMTiles tile type ${header[99]} is unknown` };
}

/** where the page reads a PMTiles archive of tiles/ (the pmtiles:// protocol reads it by HTTP ranges) */
export const pmtilesPath = (file: string) => `/basemap/pmtiles/${file}`;

export function pmtilesStyle(ours: StyleSpecification, file: string): StyleSpecification {
  return withBase(
    ours,
    { 'pmtiles-base': { type: 'raster', url: `pmtiles://${pmtilesPath(file)}`, tileSize: 256 } },
    [{ id: 'pmtiles-base', type: 'raster', source: 'pmtiles-base' }],
    `Wangge on ${file}`,
  );
}

/** origins the page must be allowed to fetch the basemap from (the Content-Security-Policy's connect-src and img-src) */
export function basemapOrigins(basemap: BasemapConfig): string[] {
  if (basemap.kind === 'tianditu') return TIANDITU_SERVERS;
  if (basemap.kind === 'style-url') return [new URL(basemap.url).origin];
  return [];
}

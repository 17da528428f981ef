// Tile addressing (XYZ / Web Mercator, EPSG:3857). Pure: no I/O, importable by web/ and tests.
import { badRequest } from '../plugins/errors.plugin.ts';

export interface TileCoords {
  z: number;
  x: number;
  y: number;
}

/** Deepest zoom we render; MapLibre overzooms beyond a layer's maxzoom anyway. */
export const MAX_ZOOM = 22;

/** Half the Web Mercator world width in metres. */
export const MERCATOR_HALF_WORLD = 20037508.342789244;

/** Mercator's latitude limit, where the square world ends. */
export const MAX_LATITUDE = 85.0511287798066;

const integerText = /^-?\d+$/;

/**
 * Reads z/x/y as they arrive in a URL. Throws a 400 that names the offending part, because a client
 * asking for x=17 at z=4 has a bug in its tile math and needs to be told which number is wrong.
 */
export function parseTileCoords(raw: { z: string; x: string; y: string }): TileCoords {
  const z = parsePart('z', raw.z);
  if (z > MAX_ZOOM) throw badRequest(`zoom ${z} is too deep: z must be between 0 and ${MAX_ZOOM}`);
  const x = parsePart('x', raw.x);
  const y = parsePart('y', raw.y);
  const n = 2 ** z;
  if (x >= n) throw badRequest(`x ${x} is outside zoom ${z}: x must be between 0 and ${n - 1}`);
  if (y >= n) throw badRequest(`y ${y} is outside zoom ${z}: y must be between 0 and ${n - 1}`);
  return { z, x, y };
}

function parsePart(name: 'z' | 'x' | 'y', text: string): number {
  if (!integerText.test(text)) throw badRequest(`${name} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < 0) throw badRequest(`${name} must not be negative, got ${value}`);
  if (!Number.isSafeInteger(value)) throw badRequest(`${name} is too large, got "${text}"`);
  return value;
}

/** Size of one tile in metres at zoom z. */
export function tileSpan(z: number): number {
  return (2 * MERCATOR_HALF_WORLD) / 2 ** z;
}

/** Size of one tile pixel in metres when the tile has `extent` units across (MVT uses 4096). */
export function pixelSpan(z: number, extent: number): number {
  return tileSpan(z) / extent;
}

/** The tile containing a lon/lat point at zoom z (points on the world's edge clamp inside it). */
export function tileOf(lon: number, lat: number, z: number): TileCoords {
  const n = 2 ** z;
  const clampedLat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const rad = (clampedLat * Math.PI) / 180;
  const fx = ((lon + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)));
  return { z, x: clamp(fx), y: clamp(fy) };
}

/** Lon/lat bounds [west, south, east, north] of a tile. */
export function tileLonLatBounds({ z, x, y }: TileCoords): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

export const tileKey = ({ z, x, y }: TileCoords) => `${z}/${x}/${y}`;

// Where the kiosk stands and how long it waits, from its URL (/kiosk?lon=&lat=&zoom=&idle=), from the
// server's settings (KIOSK_LON/KIOSK_LAT, KIOSK_IDLE_SECONDS) or, failing both, from the grids' extent.
// A kiosk is set up once by a technician typing a URL: a malformed parameter is ignored (and said so in
// the console) rather than leaving a resident in front of an error.

export interface Place {
  lon: number;
  lat: number;
}

export interface KioskUrlParams {
  home: (Place & { zoom?: number }) | null;
  idleSeconds: number | null;
  /** what was wrong with the URL, for the console */
  problems: string[];
}

export interface KioskHome extends Place {
  zoom: number | null;
  /** where the place came from: the kiosk URL, the server setting, or the middle of the grids */
  source: 'url' | 'setting' | 'grids';
}

/** An idle timeout below this would reset the screen while someone is still reading it. */
export const minIdleSeconds = 3;
export const defaultIdleSeconds = 90;

export function parseKioskParams(search: string): KioskUrlParams {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const number = (name: string, min: number, max: number): number | null => {
    const raw = params.get(name);
    if (raw === null || raw.trim() === '') return null;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    problems.push(`${name}=${raw} is not a number between ${min} and ${max}`);
    return null;
  };
  const lon = number('lon', -180, 180);
  const lat = number('lat', -90, 90);
  const zoom = number('zoom', 0, 22);
  const idle = number('idle', minIdleSeconds, 24 * 3600);
  if ((lon === null) !== (lat === null)) problems.push('lon and lat go together; one of them is missing or wrong');
  const home = lon !== null && lat !== null ? { lon, lat, ...(zoom !== null ? { zoom } : {}) } : null;
  return { home, idleSeconds: idle === null ? null : Math.round(idle), problems };
}

/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

export function resolveHome(url: KioskUrlParams['home'], setting: Place | null, gridBounds: Bounds | null): KioskHome | null {
  if (url) return { lon: url.lon, lat: url.lat, zoom: url.zoom ?? null, source: 'url' };
  if (setting) return { ...setting, zoom: null, source: 'setting' };
  if (gridBounds) {
    const [west, south, east, north] = gridBounds;
    return { lon: (west + east) / 2, lat: (south + north) / 2, zoom: null, source: 'grids' };
  }
  return null;
}

export function resolveIdleSeconds(url: number | null, setting: number | null): number {
  return url ?? setting ?? defaultIdleSeconds;
}

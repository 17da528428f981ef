// The basemap style names our own server's resources by path (/tiles/grids.json, /basemap/glyphs/…),
// so one style works on whatever host serves the app. MapLibre needs absolute URLs (tiles load in a
// worker, whose base URL is not the page's), so the page makes them absolute before using the style.
import type { StyleSpecification } from 'maplibre-gl';

const hasScheme = /^[a-z][a-z\d+.-]*:/i;

/** Absolute URL for `url` against `base`, keeping MapLibre's {tokens} unescaped. */
export function absoluteUrl(url: string, base: string): string {
  if (hasScheme.test(url)) return url;
  return new URL(url, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

export function resolveStyleUrls(style: StyleSpecification, base: string): StyleSpecification {
  const resolved: StyleSpecification = { ...style, sources: {} };
  if (style.glyphs) resolved.glyphs = absoluteUrl(style.glyphs, base);
  if (typeof style.sprite === 'string') resolved.sprite = absoluteUrl(style.sprite, base);
  else if (Array.isArray(style.sprite)) resolved.sprite = style.sprite.map((s) => ({ ...s, url: absoluteUrl(s.url, base) }));
  for (const [id, source] of Object.entries(style.sources)) {
    const copy = { ...source } as Record<string, unknown>;
    if (typeof copy.url === 'string') copy.url = absoluteUrl(copy.url, base);
    if (Array.isArray(copy.tiles)) copy.tiles = (copy.tiles as string[]).map((t) => absoluteUrl(t, base));
    if (typeof copy.data === 'string') copy.data = absoluteUrl(copy.data, base);
    resolved.sources[id] = copy as unknown as StyleSpecification['sources'][string];
  }
  return resolved;
}

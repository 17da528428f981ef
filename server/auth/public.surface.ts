// The anonymous surface of the service, in one place. A route that declares no access of its own is
// public when its path is listed here; any other undeclared route is closed to all but admins, so a
// route added without a thought for access fails closed rather than open.
import type { Access } from './access.rule.ts';

/** Path prefixes (a trailing '/' or '*' family) and exact paths that stay open to anyone. */
const publicPaths: Array<{ exact?: string; prefix?: string }> = [
  { exact: '/healthz' },
  { prefix: '/tiles/' },
  { exact: '/api/lookup' },
  { prefix: '/api/lookup/' },
  { exact: '/api/search' },
  { exact: '/api/grids' },
  { prefix: '/api/grids/' },
  { exact: '/api/validate' },
  { prefix: '/api/validate/' },
  { exact: '/api/kiosk' },
  // OGC API – Features: public properties for anyone (staff properties need an account)
  { exact: '/ogc' },
  { prefix: '/ogc/' },
  { exact: '/docs' },
  { prefix: '/docs/' },
  // the web app: pages, hashed bundles, the offline basemap style and glyphs
  { exact: '/' },
  { prefix: '/assets/' },
  { prefix: '/basemap/' },
  { exact: '/login' },
  { prefix: '/login/' },
  { exact: '/editor' },
  { prefix: '/editor/' },
  { exact: '/kiosk' },
  { prefix: '/kiosk/' },
  { exact: '/dispatch' },
  { prefix: '/dispatch/' },
];

export function isPublicPath(url: string): boolean {
  return publicPaths.some((p) => (p.exact !== undefined ? url === p.exact : url.startsWith(p.prefix!)));
}

/** What a route without its own declaration gets. */
export const defaultAccess = (url: string): Access => (isPublicPath(url) ? 'public' : ['admin']);

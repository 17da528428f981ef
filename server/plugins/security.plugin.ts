// Security headers for every answer (helmet). The Content-Security-Policy allows our own
// origin only: the web app's scripts, styles, fonts, images and MapLibre's worker all come from here,
// and the map fetches tiles, glyphs and the API from here too. data:/blob: images are what MapLibre and
// QR codes draw with; blob: workers keep MapLibre's worker working when a build inlines it.
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { HttpError } from './errors.plugin.ts';

export const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
};

/**
 * The path of the first number in `value` that is not finite (or whose magnitude exceeds `limit`), or
 * null. Ajv coerces "1e309" to Infinity and then skips minimum/maximum for it (they only apply to
 * finite numbers), and JSON.parse reads 1e309 as Infinity too; such a value would reach SQL ("invalid
 * input syntax for type bigint") or the geometry core. Iterative, so a deep body cannot overflow the stack.
 */
export function firstNonFinite(value: unknown, root: string, limit = Infinity): string | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > limit) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'object' || typeof v[i] === 'number') stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) if (typeof child === 'object' || typeof child === 'number') stack.push([child, `${path}/${k}`]);
    }
  }
  return null;
}

/** Shared with other sites on purpose (Access-Control-Allow-Origin: *): public tiles and the basemap. */
const crossOriginPaths = /^\/(tiles|basemap)\//;

const helmetOptions: HelmetOptions = {
  contentSecurityPolicy,
  // maps on other origins may load our public tiles; everything else stays same-origin
  crossOriginResourcePolicy: { policy: 'same-origin' },
  // HSTS only means something over https, where the proxy in front usually sets it
  strictTransportSecurity: false,
};

/**
 * Helmet's headers depend only on its options (we use no nonces), so they are worked out once here;
 * @fastify/helmet would rebuild them, CSP parsing included, on every request of a tile server.
 */
export function securityHeaders(options: HelmetOptions = helmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
  };
  helmet(options)({} as never, response as never, () => {});
  return headers;
}

/** the policy with other origins allowed to serve map tiles and styles (a configured basemap: 天地图, a style URL) */
export function withMapOrigins(options: HelmetOptions, origins: string[]): HelmetOptions {
  if (!origins.length) return options;
  const csp = contentSecurityPolicy;
  return {
    ...options,
    contentSecurityPolicy: { ...csp, directives: { ...csp.directives, connectSrc: [...csp.directives.connectSrc, ...origins], imgSrc: [...csp.directives.imgSrc, ...origins] } },
  };
}

export default fp<{ mapOrigins?: string[] }>(
  async (app, options) => {
    const headers = securityHeaders(withMapOrigins(helmetOptions, options.mapOrigins ?? []));
    // Swagger UI (/docs) sets one inline style; styles there may be inline, scripts still may not
    const docsHeaders = securityHeaders({
      ...helmetOptions,
      contentSecurityPolicy: { ...contentSecurityPolicy, directives: { ...contentSecurityPolicy.directives, styleSrc: ["'self'", "'unsafe-inline'"] } },
    });
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(request.url === '/docs' || request.url.startsWith('/docs/') ? docsHeaders : headers);
      if (crossOriginPaths.test(request.url)) reply.header('cross-origin-resource-policy', 'cross-origin');
    });
    // after schema validation, before any handler: every number in a route's input is finite, and in
    // its path and query (ids, limits, coordinates) within ±2^53, where ids live (bigint in SQL)
    app.addHook('preHandler', async (request) => {
      const bad =
        firstNonFinite(request.params, 'params', Number.MAX_SAFE_INTEGER) ?? firstNonFinite(request.query, 'querystring', Number.MAX_SAFE_INTEGER) ?? firstNonFinite(request.body, 'body');
      if (bad) throw new HttpError(400, `${bad} must be a finite number${bad.startsWith('body') ? '' : ` of at most ${Number.MAX_SAFE_INTEGER}`}`);
    });
  },
  { name: 'security' },
);

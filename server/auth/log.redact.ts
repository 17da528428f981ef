// What the request log may hold. Credentials never (cookies, Authorization, Set-Cookie), personal data
// never: bodies are not logged at all, query values of the registry's routes (a name, an ID number
// searched for) are replaced, and a database error's detail — which can quote a row — is cut.
import type { FastifyServerOptions } from 'fastify';

const personalPaths = /^\/api\/(residents|households|ledgers|audit|users|auth)(\/|\?|$)/;

/** the URL as it may be logged */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || !personalPaths.test(url)) return url;
  const names = url.slice(q + 1).split('&').map((pair) => `${pair.split('=')[0]}=~`);
  return `${url.slice(0, q)}?${names.join('&')}`;
}

export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'err.detail',
  'err.where',
  'err.parameters',
];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's logger option with the redaction added; false and custom instances pass unchanged. */
export function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  return {
    ...base,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      ...((base.serializers as object | undefined) ?? {}),
      req: (request: LoggedRequest) => ({ method: request.method, url: loggableUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }),
    },
  };
}

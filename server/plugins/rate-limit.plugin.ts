// Per-client limits on the public, unauthenticated routes (lookup, batch lookup, search), which a kiosk
// or any web page may call. Nothing is limited by default (`global: false`): a route opts in with
// `config: { rateLimit: app.publicRateLimit }`, so each route keeps its own count per client address.
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.plugin.ts';

export interface RateLimitOptions {
  /** requests per minute per client address on each public route; 0 = no limit */
  perMinute: number;
}

/** What a route puts under `config.rateLimit`: its limit, or false when limits are off. */
export type PublicRateLimit = { max: number; timeWindow: number } | false;

declare module 'fastify' {
  interface FastifyInstance {
    publicRateLimit: PublicRateLimit;
  }
}

const minute = 60_000;

/**
 * Requests from this machine are never limited: they are the tests, the benchmarks and health checks.
 * Behind a reverse proxy on the same host every client would look local, so set TRUST_PROXY there
 * and the limit applies to each client's own address again.
 */
const fromThisMachine = (request: FastifyRequest) => /^(127\.|::1$|::ffff:127\.)/.test(request.ip);

export default fp<RateLimitOptions>(
  async (app, { perMinute }) => {
    await app.register(rateLimit, {
      global: false,
      allowList: fromThisMachine,
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
        return new HttpError(context.statusCode, `too many requests from this address (at most ${context.max} per minute); retry after ${seconds} seconds`);
      },
    });
    app.decorate('publicRateLimit', perMinute > 0 ? { max: perMinute, timeWindow: minute } : false);
  },
  { name: 'rate-limit', dependencies: ['errors'] },
);

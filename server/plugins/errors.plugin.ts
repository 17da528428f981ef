import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { DatabaseUnavailableError, RETRY_AFTER_SECONDS } from '../db/db.unavailable.ts';

/** An error whose message is safe and useful to show the caller (4xx). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** more for the caller beside the message (a 412's current version, a 409's issues) */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string, detail?: Record<string, unknown>) => new HttpError(409, message, detail);
export const unprocessable = (message: string, detail?: Record<string, unknown>) => new HttpError(422, message, detail);

/**
 * One error shape, {statusCode, error, message}. Schema failures and our HttpErrors are the caller's
 * mistakes (4xx, message kept); anything else is ours (500, message hidden, logged).
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const status = err.statusCode ?? 500;
      // an outage, not a bug: no stack trace per request, and the caller is told when to come back
      if (err instanceof DatabaseUnavailableError) {
        request.log.warn({ cause: (err.cause as Error)?.message }, 'database unavailable');
        return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ statusCode: 503, error: 'Service Unavailable', message: err.message });
      }
      if (status >= 500) {
        request.log.error({ err }, 'request failed');
        return reply.code(status).send({ statusCode: status, error: 'Internal Server Error', message: 'internal error' });
      }
      const message = err.validation ? `${err.validationContext ?? 'request'}${err.message.replace(/^(querystring|params|body|headers)/, '')}` : err.message;
      const detail = err instanceof HttpError ? err.detail : {};
      return reply.code(status).send({ ...detail, statusCode: status, error: reasonPhrase(status), message });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
    );
  },
  { name: 'errors' },
);

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 412: 'Precondition Failed', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
    422: 'Unprocessable Entity', 429: 'Too Many Requests', 503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}

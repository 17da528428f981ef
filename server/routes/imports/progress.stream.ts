// A long import can report as it goes: asked with `Accept: application/x-ndjson`, the answer is one
// JSON line per step ({phase: "read"}, {phase: "check", done, total}, {phase: "write", features}) and
// last the result as the plain answer would have it, with `done: true` and its statusCode (the HTTP
// status is then 200: it is sent before the outcome is known). Without that header: the plain answer.
import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../plugins/errors.plugin.ts';
import type { ProgressListener } from '../../interop/import.pipeline.ts';

export interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

export const wantsProgress = (request: FastifyRequest) => /\bapplication\/x-ndjson\b/.test(request.headers.accept ?? '');

export async function answerWithProgress(request: FastifyRequest, reply: FastifyReply, work: (onProgress: ProgressListener) => Promise<Outcome>) {
  if (!wantsProgress(request)) {
    const outcome = await work(() => {});
    return reply.code(outcome.status).send(outcome.body);
  }
  const out = new PassThrough();
  reply.code(200).type('application/x-ndjson').header('cache-control', 'no-store').send(out);
  // each line goes out before the work goes on, so the browser sees it while the import runs
  const line = (value: Record<string, unknown>) =>
    new Promise<void>((resolve) => (out.write(`${JSON.stringify(value)}\n`) ? setImmediate(resolve) : out.once('drain', resolve)));
  try {
    const outcome = await work(line);
    await line({ done: true, statusCode: outcome.status, ...outcome.body });
  } catch (err) {
    const status = err instanceof HttpError ? err.statusCode : ((err as { statusCode?: number }).statusCode ?? 500);
    if (status >= 500) request.log.error({ err }, 'import failed');
    const detail = err instanceof HttpError ? err.detail : {};
    await line({ done: true, ...detail, statusCode: status, error: http.STATUS_CODES[status] ?? 'Error', message: status >= 500 ? 'internal error' : (err as Error).message });
  }
  out.end();
  return reply;
}

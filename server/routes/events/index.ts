// Events over HTTP: intake (public with a rate limit, idempotent), reading and listing for staff, the
// closed loop's transitions, duplicates, per-grid statistics, photos and the live stream (SSE).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { currentUser } from '../../plugins/auth.plugin.ts';
import { HttpError, badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { checkReport, intake, readMultipart, reportSchema, type Photo } from '../../events/event.intake.ts';
import { isEventState, type EventState } from '../../events/event.workflow.ts';
import { contentTypeOf, isPhotoName } from '../../events/photo.store.ts';
import type { EventView } from '../../events/event.repository.ts';
import { duplicatesSchema, eventSchema, idParams, listQuery, logSchema, transitionBody } from './event.schema.ts';

const staff = { access: ['dispatcher', 'admin', 'grid_worker'] } as const;
const dispatchers = { access: ['dispatcher', 'admin'] } as const;

const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: 'a retried request with the same key returns the first one’s event and stores nothing' } },
} as const;

interface ListQuery { status?: string; category?: string; grid?: number; bbox?: string; from?: string; to?: string; overdue?: boolean; limit: number; offset: number }

const eventsRoutes: FastifyPluginAsync = async (app) => {
  const { repo } = app.events;

  /** a grid worker sees the events dispatched to them; everyone else with access sees all */
  function mayRead(request: Parameters<typeof currentUser>[0], event: EventView): void {
    const user = currentUser(request);
    if (user.role === 'grid_worker' && event.worker?.id !== user.staff_id) throw new HttpError(403, `event ${event.id} is not one of yours`);
  }

  app.post<{ Headers: { 'idempotency-key'?: string } }>('/api/events', {
    config: { access: 'public', rateLimit: app.events.reportRateLimit },
    schema: {
      summary: 'Report an event (上报): JSON, or multipart with the JSON in the field "event" and photos as files',
      description: 'Anyone may report from the app or a kiosk (rate-limited per address); patrol reports need a grid worker, hotline reports a dispatcher (session or API token). The grid chain and worker in force are stored with the event. A point outside every grid is refused (422: outside our jurisdiction). 201 for a new event, 200 with the same event for a retry under the same Idempotency-Key.',
      tags: ['events'],
      headers: idempotencyHeader,
      body: { content: { 'application/json': { schema: reportSchema }, 'multipart/form-data': { schema: {} } } },
      response: { 200: eventSchema, 201: eventSchema },
    },
  }, async (request, reply) => {
    let body: unknown = request.body;
    let photos: Photo[] = [];
    if (request.isMultipart()) ({ body, photos } = await readMultipart(app, request));
    const report = checkReport(body);
    const user = await app.auth.identify(request);
    const { event, created } = await intake(app, report, photos, user, request.headers['idempotency-key']);
    return reply.code(created ? 201 : 200).send(event);
  });

  app.get<{ Querystring: ListQuery }>('/api/events', {
    config: staff,
    schema: {
      summary: 'Events by state, category, grid, bbox and report time, newest first (grid workers: their own)',
      tags: ['events'], querystring: listQuery,
      response: { 200: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: eventSchema } } } },
    },
  }, async (request) => {
    const q = request.query;
    const status = q.status?.split(',');
    const unknown = status?.find((s) => !isEventState(s));
    if (unknown) throw badRequest(`unknown status "${unknown}"`);
    const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
    if (bbox && (bbox.some((v) => !Number.isFinite(v)) || bbox[0] > bbox[2] || bbox[1] > bbox[3])) throw badRequest('bbox must be west,south,east,north with west ≤ east and south ≤ north');
    const user = currentUser(request);
    return repo.list({
      status: status as EventState[] | undefined, category: q.category, grid: q.grid, bbox,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, overdue: q.overdue,
      worker: user.role === 'grid_worker' ? (user.staff_id ?? -1) : undefined,
    }, { limit: q.limit, offset: q.offset });
  });

  app.get<{ Querystring: { from?: string; to?: string } }>('/api/events/stats', {
    config: dispatchers,
    schema: {
      summary: 'Per grid (level 2): events by category, median hours to close, overdue rate',
      tags: ['events'],
      querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            grids: {
              type: 'array',
              items: { type: 'object', properties: { grid_id: { type: 'integer' }, grid_name: { type: ['string', 'null'] }, total: { type: 'integer' }, by_category: { type: 'object', additionalProperties: { type: 'integer' } }, median_hours_to_close: { type: ['number', 'null'] }, overdue_rate: { type: 'number' } } },
            },
          },
        },
      },
    },
  }, async (request) => ({ grids: await repo.stats({ from: request.query.from ? new Date(request.query.from) : undefined, to: request.query.to ? new Date(request.query.to) : undefined }) }));

  const streams = new Set<FastifyReply>();
  app.addHook('preClose', async () => {
    for (const reply of streams) reply.raw.end();
  });

  app.get('/api/events/stream', {
    config: dispatchers,
    schema: { summary: 'Live events as Server-Sent Events: `reported` and `transition`, each with the event as JSON', tags: ['events'] },
  }, async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const unsubscribe = app.events.stream.subscribe((kind, event) => res.write(`event: ${kind}\ndata: ${JSON.stringify(event)}\n\n`));
    // a comment now and then keeps proxies from closing an idle stream
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    streams.add(reply);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(reply);
    });
  });

  app.get<{ Params: { name: string } }>('/api/events/photos/:name', {
    config: staff,
    schema: { summary: 'A photo of an event', tags: ['events'], params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 64 } } } },
  }, async (request, reply) => {
    const { name } = request.params;
    const bytes = isPhotoName(name) ? await app.events.photos.read(name) : null;
    if (!bytes) throw notFound(`no photo ${name}`);
    return reply.type(contentTypeOf(name)!).header('x-content-type-options', 'nosniff').send(bytes);
  });

  app.get<{ Params: { id: number } }>('/api/events/:id', {
    config: staff,
    schema: {
      summary: 'One event with its timeline (event_log) and suggested duplicates',
      tags: ['events'], params: idParams,
      response: { 200: { type: 'object', properties: { ...eventSchema.properties, log: logSchema, duplicates: duplicatesSchema } } },
    },
  }, async (request) => {
    const event = await repo.get(request.params.id);
    if (!event) throw notFound(`no event ${request.params.id}`);
    mayRead(request, event);
    return { ...event, log: await repo.log(event.id), duplicates: await repo.duplicates(event.id) };
  });

  app.get<{ Params: { id: number } }>('/api/events/:id/duplicates', {
    config: staff,
    schema: { summary: 'Reports of the same category within 50 m and 24 h: candidates to merge', tags: ['events'], params: idParams, response: { 200: duplicatesSchema } },
  }, async (request) => {
    const event = await repo.get(request.params.id);
    if (!event) throw notFound(`no event ${request.params.id}`);
    mayRead(request, event);
    return repo.duplicates(event.id);
  });

  app.post<{ Params: { id: number }; Body: { to: EventState; note?: string; worker_id?: number; department?: string; satisfaction?: number; original_id?: number } }>('/api/events/:id/transitions', {
    config: staff,
    schema: {
      summary: 'Move an event along the loop (立案, 派遣, 处置, 反馈, 结案, 评价, 合并); 409 lists the allowed next states',
      tags: ['events'], params: idParams, body: transitionBody, response: { 200: eventSchema },
    },
  }, async (request) => {
    const user = currentUser(request);
    const event = await repo.transition(request.params.id, request.body, { role: user.role, staff_id: user.staff_id, name: user.display_name ?? user.username });
    await app.revisions.refresh();
    return event;
  });
};

export default eventsRoutes;

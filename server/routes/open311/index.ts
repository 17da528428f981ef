// Open311 GeoReport v2 (JSON) under /open311/v2/: anyone may read services and requests and file a
// request (rate-limited per address, like the resident app). Requests go through the same intake as
// POST /api/events; errors keep this service's one shape {statusCode, error, message}.
import { parse as parseQuery } from 'node:querystring';
import type { FastifyPluginAsync } from 'fastify';
import { badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { intake } from '../../events/event.intake.ts';
import { SERVICES, serviceByCode, toRequest } from '../../events/open311.mapping.ts';
import { TERMINAL, EVENT_STATES } from '../../events/event.workflow.ts';

const publicAccess = { access: 'public' } as const;

interface RequestBody {
  service_code: string;
  lat?: number;
  long?: number;
  address_string?: string;
  description?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  email?: string;
}

const requestItem = {
  type: 'object',
  properties: {
    service_request_id: { type: 'string' }, status: { type: 'string', enum: ['open', 'closed'] }, status_notes: { type: 'string' },
    service_name: { type: 'string' }, service_code: { type: ['string', 'null'] }, requested_datetime: { type: 'string' },
    updated_datetime: { type: 'string' }, expected_datetime: { type: ['string', 'null'] }, address: { type: ['string', 'null'] },
    lat: { type: 'number' }, long: { type: 'number' }, media_url: { type: ['string', 'null'] },
  },
} as const;

const open311: FastifyPluginAsync = async (app) => {
  // GeoReport clients post forms; parsed here only, so the rest of the API stays JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const fields = parseQuery(body as string);
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (Array.isArray(v)) return done(badRequest(`field "${k}" is given more than once`), undefined);
      flat[k] = v;
    }
    done(null, flat);
  });

  app.get('/open311/v2/discovery.json', {
    config: publicAccess,
    schema: { summary: 'Open311 discovery', tags: ['open311'] },
  }, async (request) => {
    const url = `${request.protocol}://${request.host}/open311/v2/`;
    return {
      changeset: '2026-11-22T00:00:00Z',
      contact: '指挥调度中心 (dispatch centre)',
      key_service: 'no API key needed: requests are rate-limited per address',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: '2026-11-22T00:00:00Z', type: 'production', formats: ['application/json'] }],
    };
  });

  app.get('/open311/v2/services.json', {
    config: publicAccess,
    schema: { summary: 'Services: our event subcategories, grouped by GB/T 30428.2 class', tags: ['open311'] },
  }, async () => SERVICES);

  app.post<{ Body: RequestBody; Headers: { 'idempotency-key'?: string } }>('/open311/v2/requests.json', {
    config: { access: 'public', rateLimit: app.events.reportRateLimit },
    schema: {
      summary: 'File a service request (an event with source open311); honours Idempotency-Key',
      tags: ['open311'],
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' } } },
      body: {
        type: 'object',
        required: ['service_code'],
        properties: {
          service_code: { type: 'string', maxLength: 16 },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          long: { type: 'number', minimum: -180, maximum: 180 },
          address_string: { type: 'string', minLength: 2, maxLength: 200 },
          description: { type: 'string', maxLength: 2000 },
          first_name: { type: 'string', maxLength: 50 },
          last_name: { type: 'string', maxLength: 50 },
          phone: { type: 'string', pattern: '^[0-9+\\- ]{3,20}$' },
          email: { type: 'string', maxLength: 200 },
          api_key: { type: 'string', maxLength: 200 },
          media_url: { type: 'string', maxLength: 500 },
        },
      },
      response: { 201: { type: 'array', items: { type: 'object', properties: { service_request_id: { type: 'string' }, service_notice: { type: 'string' }, account_id: { type: ['string', 'null'] } } } } },
    },
  }, async (request, reply) => {
    const b = request.body;
    const service = serviceByCode(b.service_code);
    if (!service) throw badRequest(`unknown service_code "${b.service_code}" (see /open311/v2/services.json)`);
    const location = b.lat !== undefined || b.long !== undefined ? { lat: b.lat, lon: b.long } : b.address_string !== undefined ? { address: b.address_string } : undefined;
    const name = [b.last_name, b.first_name].filter(Boolean).join('') || undefined;
    const { event, created } = await intake(app, {
      category: service.group, subcategory: service.service_name, description: b.description ?? '', source: 'open311',
      location: location as never, reporter: name || b.phone ? { name, phone: b.phone } : undefined,
    }, [], null, request.headers['idempotency-key']);
    return reply.code(created ? 201 : 200).send([{ service_request_id: String(event.id), service_notice: `已受理，预计 ${event.due.acceptance} 前办结`, account_id: null }]);
  });

  app.get<{ Querystring: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: 'open' | 'closed' } }>('/open311/v2/requests.json', {
    config: publicAccess,
    schema: {
      summary: 'Requests, newest first (at most 1000; without dates the last 90 days)',
      tags: ['open311'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          service_request_id: { type: 'string', pattern: '^[0-9]+(,[0-9]+)*$' }, service_code: { type: 'string', maxLength: 16 },
          start_date: { type: 'string', format: 'date-time' }, end_date: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['open', 'closed'] },
          jurisdiction_id: { type: 'string' },
        },
      },
      response: { 200: { type: 'array', items: requestItem } },
    },
  }, async (request) => {
    const q = request.query;
    if (q.service_request_id) {
      const events = await Promise.all(q.service_request_id.split(',').slice(0, 100).map((id) => app.events.repo.get(Number(id))));
      return events.filter((e) => e !== null).map(toRequest);
    }
    const service = q.service_code ? serviceByCode(q.service_code) : undefined;
    if (q.service_code && !service) throw badRequest(`unknown service_code "${q.service_code}"`);
    const end = q.end_date ? new Date(q.end_date) : undefined;
    const start = q.start_date ? new Date(q.start_date) : new Date((end ?? app.events.clock()).getTime() - 90 * 86_400_000);
    const status = q.status === undefined ? undefined : EVENT_STATES.filter((s) => TERMINAL.includes(s) === (q.status === 'closed'));
    const page = await app.events.repo.list({ category: service?.group, status, from: start, to: end }, { limit: 1000, offset: 0 });
    return page.items.filter((e) => !service || e.subcategory === service.service_name).map(toRequest);
  });

  app.get<{ Params: { id: string } }>('/open311/v2/requests/:id', {
    config: publicAccess,
    schema: {
      summary: 'One request by id (/open311/v2/requests/{id}.json)', tags: ['open311'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,15}(\\.json)?$' } } },
      response: { 200: { type: 'array', items: requestItem } },
    },
  }, async (request) => {
    const id = Number(request.params.id.replace(/\.json$/, ''));
    const event = await app.events.repo.get(id);
    if (!event) throw notFound(`no service request ${id}`);
    return [toRequest(event)];
  });
};

export default open311;

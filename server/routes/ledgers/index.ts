// The ledgers (台账) over HTTP: JSON pages, or the whole ledger as CSV for Excel (?format=csv, UTF-8 with
// a BOM). Households and key groups hold personal data (admins, grid workers for their own grids);
// units and workers are for every role that plans or dispatches, grid workers again only their own.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { gridsToList } from '../../auth/grid.scope.ts';
import { currentUser, requestActor } from '../../plugins/auth.plugin.ts';
import { toCsv, type CsvColumn } from '../../registry/csv.write.ts';
import { residentCsv, unitCsv, workerCsv } from '../../registry/ledger.repository.ts';
import { gridFilter, limitValue, offsetValue, pageOf, residentSchema, revealValue, tagValue } from '../residents/registry.schema.ts';

const personal = { access: ['admin', 'grid_worker'] } as const;
const organisational = { access: ['admin', 'planner', 'dispatcher', 'grid_worker'] } as const;

const formatValue = { type: 'string', enum: ['json', 'csv'], default: 'json', description: 'csv: the whole ledger (limit/offset ignored) as a UTF-8 CSV with BOM, for Excel' } as const;
const query = (extra: Record<string, object> = {}) =>
  ({ type: 'object', additionalProperties: false, properties: { grid: gridFilter, format: formatValue, limit: limitValue, offset: offsetValue, ...extra } }) as const;

interface LedgerQuery {
  grid?: number;
  format: 'json' | 'csv';
  limit: number;
  offset: number;
  reveal?: boolean;
  tag?: string;
}

const gridRef = { type: ['object', 'null'], properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'integer' } } } as const;

const unitSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['building', 'compound'] }, id: { type: 'integer' }, name: { type: 'string' }, address: { type: ['string', 'null'] },
    compound: { type: ['string', 'null'] }, property_company: { type: ['string', 'null'] }, property_phone: { type: ['string', 'null'] }, grid: gridRef,
  },
} as const;

const workerSchema = {
  type: 'object',
  properties: {
    grid: { type: 'object', properties: { ...gridRef.properties, households: { type: 'integer' }, population: { type: 'integer' } } },
    worker: {
      type: ['object', 'null'],
      properties: {
        staff_id: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' }, public_phone: { type: ['string', 'null'] },
        office_hours: { type: ['string', 'null'] }, office_place: { type: ['string', 'null'] },
        private_phone: { type: ['string', 'null'], description: 'admins only' }, id_number: { type: ['string', 'null'], description: 'admins only' },
      },
    },
  },
} as const;

const ledgersRoutes: FastifyPluginAsync = async (app) => {
  const { ledgers } = app.registry;

  async function sendCsv<T>(request: FastifyRequest<{ Querystring: LedgerQuery }>, reply: FastifyReply, ledger: string, columns: CsvColumn<T>[], rows: T[]) {
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const scope = request.query.grid === undefined ? 'all' : `grid${request.query.grid}`;
    await app.audit.write(requestActor(request), [{ action: 'export', entity: 'ledger', entity_id: ledger, detail: { grid: request.query.grid ?? null, rows: rows.length } }]);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ledger-${ledger}-${scope}-${date}.csv"`)
      .send(toCsv(columns, rows));
  }

  const page = (q: LedgerQuery) => (q.format === 'csv' ? { limit: null, offset: 0 } : { limit: q.limit, offset: q.offset });

  app.get<{ Querystring: LedgerQuery }>('/api/ledgers/households', {
    config: personal,
    schema: {
      summary: '一户一档: every household with its members, by grid (CSV: the whole ledger)',
      tags: ['ledgers'], querystring: query({ reveal: revealValue }), response: { 200: pageOf(residentSchema) },
    },
  }, async (request, reply) => {
    const viewer = await app.registry.viewer(request, request.query.reveal);
    const grids = await gridsToList(app.db, viewer.scope, request.query.grid);
    const result = await ledgers.households(viewer, grids, page(request.query));
    return request.query.format === 'csv' ? sendCsv(request, reply, 'households', residentCsv, result.items) : result;
  });

  app.get<{ Querystring: LedgerQuery }>('/api/ledgers/key-groups', {
    config: personal,
    schema: {
      summary: '重点人群: residents with a key-group tag (theirs or their household’s), by grid and tag',
      tags: ['ledgers'], querystring: query({ reveal: revealValue, tag: tagValue }), response: { 200: pageOf(residentSchema) },
    },
  }, async (request, reply) => {
    const viewer = await app.registry.viewer(request, request.query.reveal);
    const grids = await gridsToList(app.db, viewer.scope, request.query.grid);
    const result = await ledgers.keyGroups(viewer, grids, request.query.tag, page(request.query));
    return request.query.format === 'csv' ? sendCsv(request, reply, 'key-groups', residentCsv, result.items) : result;
  });

  app.get<{ Querystring: LedgerQuery }>('/api/ledgers/units', {
    config: organisational,
    schema: { summary: '驻区单位: buildings and compounds of kind unit, by grid', tags: ['ledgers'], querystring: query(), response: { 200: pageOf(unitSchema) } },
  }, async (request, reply) => {
    const scope = await app.auth.gridScope(currentUser(request));
    const grids = await gridsToList(app.db, scope, request.query.grid);
    const result = await ledgers.units(grids, page(request.query));
    return request.query.format === 'csv' ? sendCsv(request, reply, 'units', unitCsv, result.items) : result;
  });

  app.get<{ Querystring: LedgerQuery }>('/api/ledgers/workers', {
    config: organisational,
    schema: {
      summary: '网格员台账: every grid with its worker; private phone and ID number for admins only (audited)',
      tags: ['ledgers'], querystring: query(), response: { 200: pageOf(workerSchema) },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const viewer = { ...(await app.registry.viewer(request)), full: user.role === 'admin' };
    const grids = await gridsToList(app.db, viewer.scope, request.query.grid);
    const result = await ledgers.workers(viewer, grids, page(request.query));
    return request.query.format === 'csv' ? sendCsv(request, reply, 'workers', workerCsv(viewer.full), result.items) : result;
  });
};

export default ledgersRoutes;

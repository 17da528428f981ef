// The resident registry (一户一档) over HTTP: residents and households by grid, one record, key-group
// tags, and CSV import. Admins see the whole district; grid workers their own grids (403 elsewhere).
// Every read of a resident is written to the audit log by the registry itself.
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { gridsToList } from '../../auth/grid.scope.ts';
import { requestActor } from '../../plugins/auth.plugin.ts';
import { HttpError } from '../../plugins/errors.plugin.ts';
import { decodeCsv } from '../../registry/csv.parse.ts';
import { IMPORT_COLUMNS } from '../../registry/import.rows.ts';
import { importResidents, MAX_ERRORS_LISTED, MAX_IMPORT_ROWS, type ImportOutcome } from '../../registry/resident.import.ts';
import { gridFilter, householdSchema, idValue, limitValue, offsetValue, pageOf, residentSchema, revealValue, tagsBody, tagValue } from './registry.schema.ts';

const registryRoles = { access: ['admin', 'grid_worker'] } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: idValue } } as const;
const revealQuery = { type: 'object', additionalProperties: false, properties: { reveal: revealValue } } as const;

/** ≈ 200,000 rows of CSV */
const importBodyLimit = 32 * 1024 * 1024;

const residentsRoutes: FastifyPluginAsync = async (app) => {
  const { residents, households } = app.registry;

  app.get<{ Querystring: { grid?: number; tag?: string; q?: string; limit: number; offset: number; reveal: boolean } }>('/api/residents', {
    config: registryRoles,
    schema: {
      summary: 'Residents, by grid, tag or name; ID numbers and phones masked unless you see them in full',
      tags: ['registry'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          grid: gridFilter, tag: { ...tagValue, description: 'a resident’s or their household’s tag (独居老人, 残疾人, 低保户 …)' },
          q: { type: 'string', minLength: 1, maxLength: 64, description: 'part of a name, or a whole ID number or phone' },
          limit: limitValue, offset: offsetValue, reveal: revealValue,
        },
      },
      response: { 200: pageOf(residentSchema) },
    },
  }, async (request) => {
    const { grid, tag, q, limit, offset, reveal } = request.query;
    const viewer = await app.registry.viewer(request, reveal);
    const grids = await gridsToList(app.db, viewer.scope, grid);
    return residents.list(viewer, { grids, tag, q }, { limit, offset }, 'residents');
  });

  app.get<{ Params: { id: number }; Querystring: { reveal: boolean } }>('/api/residents/:id', {
    config: registryRoles,
    schema: { summary: 'One resident (403 outside your grids)', tags: ['registry'], params: idParams, querystring: revealQuery, response: { 200: residentSchema } },
  }, async (request) => residents.get(await app.registry.viewer(request, request.query.reveal), request.params.id));

  app.patch<{ Params: { id: number }; Body: { tags: string[] } }>('/api/residents/:id', {
    config: registryRoles,
    bodyLimit: 16 * 1024,
    schema: { summary: 'Set a resident’s tags (key groups such as 独居老人, 残疾人, 失业人员)', tags: ['registry'], params: idParams, body: tagsBody, response: { 200: residentSchema } },
  }, async (request) => residents.updateTags(await app.registry.viewer(request), request.params.id, request.body.tags));

  app.get<{ Querystring: { grid?: number; tag?: string; building?: number; limit: number; offset: number } }>('/api/households', {
    config: registryRoles,
    schema: {
      summary: 'Households by grid, tag or building (no personal data: rooms, tags, member counts)',
      tags: ['registry'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { grid: gridFilter, tag: tagValue, building: idValue, limit: limitValue, offset: offsetValue },
      },
      response: { 200: pageOf(householdSchema) },
    },
  }, async (request) => {
    const { grid, tag, building, limit, offset } = request.query;
    const viewer = await app.registry.viewer(request);
    const grids = await gridsToList(app.db, viewer.scope, grid);
    return households.list({ grids, tag, building_id: building }, { limit, offset });
  });

  app.get<{ Params: { id: number }; Querystring: { reveal: boolean } }>('/api/households/:id', {
    config: registryRoles,
    schema: {
      summary: 'One household with its members (403 outside your grids)',
      tags: ['registry'], params: idParams, querystring: revealQuery,
      response: { 200: { type: 'object', properties: { ...householdSchema.properties, residents: { type: 'array', items: residentSchema } } } },
    },
  }, async (request) => households.get(await app.registry.viewer(request, request.query.reveal), request.params.id));

  app.patch<{ Params: { id: number }; Body: { tags: string[] } }>('/api/households/:id', {
    config: registryRoles,
    bodyLimit: 16 * 1024,
    schema: { summary: 'Set a household’s tags (低保户 …)', tags: ['registry'], params: idParams, body: tagsBody, response: { 200: householdSchema } },
  }, async (request) => households.updateTags(await app.registry.viewer(request), request.params.id, request.body.tags));

  // CSV arrives as bytes: Excel may have saved it in GB18030 rather than UTF-8 (decodeCsv tells them apart).
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: importBodyLimit }, (_request, body, done) => done(null, decodeCsv(body as Buffer)));

  app.post<{ Body: string; Querystring: { dry_run: boolean } }>('/api/residents/import', {
    config: registryRoles,
    bodyLimit: importBodyLimit,
    schema: {
      summary: 'Import residents from CSV (Content-Type: text/csv), all or nothing',
      description: [
        `Columns (header row, any order): ${Object.values(IMPORT_COLUMNS).map((n) => n.join(' / ')).join(', ')}.`,
        'Each row needs a name and a building (building_id, or an address that names exactly one building). Rows with the same building, unit and room form one household; a household registered there already gains the new members. Tags are separated by ; or 、.',
        `A file with any error imports nothing: 422 with every error's row number (the header is row 1) and reason (the first ${MAX_ERRORS_LISTED}). At most ${MAX_IMPORT_ROWS} rows.`,
        'With `Accept: application/x-ndjson` the answer streams progress lines {type: "progress", phase, done, total} and ends with {type: "result", …} (status 200; the result says ok or lists the errors).',
      ].join(' '),
      tags: ['registry'],
      querystring: { type: 'object', additionalProperties: false, properties: { dry_run: { type: 'boolean', default: false, description: 'check every row, write nothing' } } },
      body: { type: 'string', minLength: 1, description: 'the CSV text' },
    },
  }, async (request, reply) => {
    const viewer = await app.registry.viewer(request);
    const run = (onProgress?: (p: object) => void) =>
      importResidents(app.db, app.audit, requestActor(request), viewer.scope, request.body, { dryRun: request.query.dry_run, onProgress });
    const answer = (outcome: ImportOutcome) =>
      outcome.ok ? outcome : { statusCode: 422, error: 'Unprocessable Entity', message: outcome.reason, error_count: outcome.error_count, errors: outcome.errors };

    if (!/application\/(x-)?ndjson/.test(request.headers.accept ?? '')) {
      const outcome = await run();
      return reply.code(outcome.ok ? (outcome.dry_run ? 200 : 201) : 422).send(answer(outcome));
    }
    const stream = new PassThrough();
    const line = (value: object) => stream.write(`${JSON.stringify(value)}\n`);
    run((p) => line({ type: 'progress', ...p }))
      .then((outcome) => line({ type: 'result', ...answer(outcome) }))
      .catch((err) => {
        request.log.error({ err }, 'import failed');
        line({ type: 'result', statusCode: 500, error: 'Internal Server Error', message: 'internal error; nothing was imported' });
      })
      .finally(() => stream.end());
    return reply.type('application/x-ndjson; charset=utf-8').send(stream);
  });

  // Any other body on the import route is a mistake worth naming (the route reads CSV only).
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url === '/api/residents/import' && typeof request.body !== 'string') {
      throw new HttpError(415, 'send the CSV file itself as the body, with Content-Type: text/csv');
    }
  });
};

export default residentsRoutes;

// The audit log, for admins: who read which personal record, who changed which account, logins.
import type { FastifyPluginAsync } from 'fastify';
import { badRequest } from '../../plugins/errors.plugin.ts';

interface AuditQuery {
  actor?: string;
  action?: string;
  entity?: string;
  entity_id?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

const word = (description: string) => ({ type: 'string', minLength: 1, maxLength: 64, description }) as const;
const time = (description: string) => ({ type: 'string', maxLength: 40, description }) as const;

const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: AuditQuery }>('/api/audit', {
    config: { access: ['admin'] },
    schema: {
      summary: 'Audit log entries, newest first, filtered by actor, action, entity, record and time',
      tags: ['audit'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          actor: word('user name'),
          action: word('read, read_full, update, create, delete, import, export, login, logout, login_locked, password_change, revoke'),
          entity: word('resident, household, staff, user, api_token, ledger'),
          entity_id: word('the record’s id'),
          from: time('ISO 8601 time, inclusive'),
          to: time('ISO 8601 time, exclusive'),
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          offset: { type: 'integer', minimum: 0, maximum: 10000000, default: 0 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            total: { type: 'integer' },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' }, at: { type: 'string' }, actor: { type: 'string' }, actor_id: { type: ['integer', 'null'] },
                  actor_role: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] }, action: { type: 'string' }, entity: { type: 'string' },
                  entity_id: { type: ['string', 'null'] }, detail: {},
                },
              },
            },
          },
        },
      },
    },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    return app.audit.list({ ...rest, from: from === undefined ? undefined : parseTime('from', from), to: to === undefined ? undefined : parseTime('to', to) });
  });
};

function parseTime(name: string, text: string): Date {
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time.getTime())) throw badRequest(`${name} must be an ISO 8601 time such as 2026-03-01T08:00:00+08:00, got "${text.slice(0, 40)}"`);
  return time;
}

export default auditRoutes;

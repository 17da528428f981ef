// JSON schemas of the events API. The response schemas are also a filter: the reporter's contact is
// not named here, so no answer can carry it.
import { EVENT_STATES } from '../../events/event.workflow.ts';
import { MILESTONES } from '../../events/time.limits.ts';

const isoTime = { type: 'string', format: 'date-time' } as const;
const dueSchema = { type: 'object', properties: Object.fromEntries(MILESTONES.map((m) => [m, { type: 'string' }])) } as const;

export const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    category: { type: 'string' },
    subcategory: { type: ['string', 'null'] },
    description: { type: 'string' },
    source: { type: 'string' },
    status: { type: 'string', enum: EVENT_STATES },
    lon: { type: 'number' },
    lat: { type: 'number' },
    grid_ids: { type: 'array', items: { type: 'integer' }, description: 'the grid chain at report time, level 1 first (the /api/lookup rule)' },
    grid_id: { type: ['integer', 'null'] },
    generation: { type: ['integer', 'null'] },
    worker: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    department: { type: ['string', 'null'] },
    reported_at: { type: 'string' },
    updated_at: { type: 'string' },
    closed_at: { type: ['string', 'null'] },
    due: { ...dueSchema, description: 'due time of each milestone: arrive (到达核实), solve (解决), feedback (反馈), acceptance (整改验收)' },
    next_due: { type: ['object', 'null'], properties: { milestone: { type: 'string' }, at: { type: 'string' } } },
    overdue: { type: 'boolean' },
    satisfaction: { type: ['integer', 'null'] },
    photos: { type: 'array', items: { type: 'string' }, description: 'names under /api/events/photos/' },
    merged_into: { type: ['integer', 'null'] },
  },
} as const;

export const logSchema = {
  type: 'array',
  items: { type: 'object', properties: { from_status: { type: ['string', 'null'] }, to_status: { type: 'string' }, actor: { type: 'string' }, note: { type: ['string', 'null'] }, at: { type: 'string' } } },
} as const;

export const duplicatesSchema = {
  type: 'array',
  items: { type: 'object', properties: { id: { type: 'integer' }, distance_m: { type: 'number' }, reported_at: { type: 'string' }, status: { type: 'string' } } },
} as const;

export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', pattern: '^[a-z_]+(,[a-z_]+)*$', description: 'one state or several, comma-separated' },
    category: { type: 'string', maxLength: 32 },
    grid: { type: 'integer', minimum: 1, description: 'a grid at any level: events whose chain contains it' },
    bbox: { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'west,south,east,north' },
    from: { ...isoTime, description: 'reported at or after' },
    to: { ...isoTime, description: 'reported before' },
    overdue: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

export const transitionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['to'],
  properties: {
    to: { type: 'string', enum: EVENT_STATES, description: 'the state to move to' },
    note: { type: 'string', maxLength: 1000 },
    worker_id: { type: 'integer', minimum: 1, description: 'dispatched: a staff member other than the grid’s worker' },
    department: { type: 'string', minLength: 1, maxLength: 64, description: 'dispatched: a department (职能部门) instead of the grid worker' },
    satisfaction: { type: 'integer', minimum: 1, maximum: 5, description: 'evaluated: 1–5' },
    original_id: { type: 'integer', minimum: 1, description: 'merged: the event this one duplicates' },
  },
} as const;

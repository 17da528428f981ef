// JSON schemas of the registry's answers. Response schemas are also a filter: a field not named here
// never reaches the caller, whatever a query selects.

const gridBrief = { type: ['object', 'null'], properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'integer' } } } as const;
const buildingBrief = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, address: { type: ['string', 'null'] }, compound: { type: ['string', 'null'] } } } as const;
const tags = { type: 'array', items: { type: 'string' } } as const;

export const residentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    household_id: { type: 'integer' },
    name: { type: 'string' },
    id_number: { type: ['string', 'null'], description: 'masked (320113********1234) unless you see it in full' },
    phone: { type: ['string', 'null'], description: 'masked (138****1111) unless you see it in full' },
    relation: { type: ['string', 'null'] },
    tags,
    household: { type: 'object', properties: { unit: { type: ['string', 'null'] }, room: { type: ['string', 'null'] }, tags } },
    building: buildingBrief,
    grid: gridBrief,
    masked: { type: 'boolean' },
  },
} as const;

export const householdSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    unit: { type: ['string', 'null'] },
    room: { type: ['string', 'null'] },
    tags,
    members: { type: 'integer' },
    building: buildingBrief,
    grid: gridBrief,
  },
} as const;

export const pageOf = (item: object) => ({ type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: item } } }) as const;

export const idValue = { type: 'integer', minimum: 1, maximum: 9007199254740991 } as const;
export const gridFilter = { ...idValue, description: 'a current grid: its own and its descendants’ records (a grid worker: one of their grids)' } as const;
export const tagValue = { type: 'string', minLength: 1, maxLength: 20, pattern: '^[^,;，；、|\\s]+$' } as const;
export const limitValue = { type: 'integer', minimum: 1, maximum: 1000, default: 100 } as const;
export const offsetValue = { type: 'integer', minimum: 0, maximum: 10000000, default: 0 } as const;
export const revealValue = {
  type: 'boolean', default: false,
  description: 'grid workers: show ID numbers and phones in full (recorded in the audit log as read_full); admins always see them',
} as const;
export const tagsBody = {
  type: 'object', required: ['tags'], additionalProperties: false,
  properties: { tags: { type: 'array', maxItems: 20, uniqueItems: true, items: tagValue } },
} as const;

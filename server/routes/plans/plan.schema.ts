// Request shapes of the plans API. Geometry is checked further by the geometry core (with the reason);
// here only its outline, so a wrong type or a missing field is a 400 that names it.
export const id = { type: 'integer', minimum: 1, maximum: 9007199254740991 } as const;

export const planParams = { type: 'object', required: ['id'], properties: { id } } as const;
export const gridParams = { type: 'object', required: ['id', 'grid'], properties: { id, grid: id } } as const;

export const polygonal = {
  type: 'object',
  required: ['type', 'coordinates'],
  properties: { type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] }, coordinates: { type: 'array', minItems: 1 } },
  description: 'GeoJSON Polygon or MultiPolygon in WGS84 lon/lat',
} as const;

export const lineString = {
  type: 'object',
  required: ['type', 'coordinates'],
  properties: { type: { type: 'string', enum: ['LineString'] }, coordinates: { type: 'array', minItems: 2, items: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'number' } } } },
  description: 'GeoJSON LineString across the grid, from outside to outside',
} as const;

export const code = { type: 'string', pattern: '^[0-9]{12}([0-9]{3})*$', description: '12 digits for a community, 3 more per level (DB11 unit-grid scheme)' } as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const workerId = { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991, description: 'staff id of the grid worker; null = none' } as const;

export const gridAttributes = { name, code, worker_id: workerId } as const;

export const createPlanBody = {
  type: 'object', required: ['name'], additionalProperties: false,
  properties: { name, scope_grid_id: { ...id, type: ['integer', 'null'], description: 'the community (any grid) the plan covers with all under it; absent = the whole street' } },
} as const;

export const newGridBody = {
  type: 'object', required: ['parent_id', 'geometry'], additionalProperties: false,
  properties: { parent_id: id, geometry: polygonal, ...gridAttributes },
} as const;

export const putGridBody = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { geometry: polygonal, ...gridAttributes },
} as const;

export const changesBody = {
  type: 'object', required: ['grids'], additionalProperties: false,
  properties: {
    note: { type: 'string', maxLength: 200, description: 'what the step was (kept in the audit log)' },
    grids: {
      type: 'array', minItems: 1, maxItems: 500,
      items: {
        type: 'object', required: ['id', 'version'], additionalProperties: false,
        properties: { id, version: { type: 'integer', minimum: 1 }, geometry: polygonal, ...gridAttributes },
      },
    },
  },
} as const;

export const splitBody = {
  type: 'object', required: ['grid_id', 'line'], additionalProperties: false,
  properties: { grid_id: id, line: lineString, version: { type: 'integer', minimum: 1 } },
} as const;

export const mergeBody = {
  type: 'object', required: ['grid_ids'], additionalProperties: false,
  properties: { grid_ids: { type: 'array', minItems: 2, maxItems: 50, items: id, description: 'siblings sharing borders; the first keeps its id' } },
} as const;

export const reassignBody = {
  type: 'object', required: ['to_grid_id'], additionalProperties: false,
  properties: {
    to_grid_id: id,
    building_ids: { type: 'array', minItems: 1, maxItems: 1000, items: id },
    compound_id: id,
  },
} as const;

export const publishBody = {
  type: ['object', 'null'], additionalProperties: false,
  properties: { force_reason: { type: 'string', maxLength: 500, description: 'publish despite errors, saying why (recorded with the generation)' } },
} as const;

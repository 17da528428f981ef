// Coverage validation over HTTP (无盲区): any posted coverage (not stored), the published generation,
// and fix proposals. Two engines give the same answer (a test holds them to it): `core`, the TypeScript
// validator the editor runs too, and `postgis`, the same checks in SQL on this server's database.
import type { FastifyPluginAsync } from 'fastify';
import { badRequest } from '../../plugins/errors.plugin.ts';
import type { GridInput, ValidationOptions, ValidationResult } from '../../geometry/coverage.types.ts';
import { parseCoverage } from '../../geometry/coverage.parse.ts';
import { validateCoverage } from '../../geometry/coverage.validate.ts';
import { proposeFixes } from '../../geometry/coverage.fix.ts';
import { validateCoverageSql, validateCurrentSql } from '../../validation/coverage.sql.ts';
import { loadCurrentCoverage } from '../../validation/current.load.ts';

type Engine = 'core' | 'postgis';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    min_area_m2: { type: 'number', minimum: 0, description: 'overlaps/gaps larger than this are errors, smaller ones warnings (default 1)' },
    target_households: { type: 'number', exclusiveMinimum: 0, description: 'households a grid should have (default 300)' },
    household_tolerance: { type: 'number', minimum: 0, description: 'relative deviation still fine (default 0.5)' },
    target_level: { type: 'integer', minimum: 1, description: 'level the household target applies to (default 2)' },
    worker_levels: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'levels whose grids need a worker (default [2])' },
  },
} as const;

const bodySchema = {
  type: 'object',
  required: ['grids'],
  properties: {
    grids: {
      type: 'object',
      description: 'FeatureCollection of Polygon/MultiPolygon grids; properties id, level, parent_id (null at the top), optional worker_id, households, name',
    },
    buildings: { type: 'object', description: 'optional FeatureCollection of Points; properties id, households' },
    options: optionsSchema,
  },
} as const;

const engineQuery = (fallback: Engine) =>
  ({
    type: 'string',
    enum: ['core', 'postgis'],
    default: fallback,
    description: 'core: the TypeScript validator (the editor’s); postgis: the same checks in SQL',
  }) as const;

const issuesDescription =
  'Returns {valid, engine, issues: [{type: overlap | gap | outside_parent | invalid_geometry | uncovered_building | no_worker | empty_grid | household_deviation, severity: error | warning, grids, parent_id, area_m2 (geodesic), geometry, point: [lon, lat], reason?}]}. valid is false while any error remains.';

interface Body {
  grids: unknown;
  buildings?: unknown;
  options?: ValidationOptions;
}

const validateRoutes: FastifyPluginAsync = async (app) => {
  const parse = (body: Body) => {
    const parsed = parseCoverage(body);
    if (!parsed.valid) throw badRequest(parsed.reason);
    return parsed.value;
  };

  // Public like the map itself (no personal data in any answer); the rate limit guards the CPU.
  app.post<{ Body: Body; Querystring: { engine: Engine } }>('/api/validate', {
    config: { access: 'public' },
    schema: {
      summary: 'Validate any coverage (not stored): overlaps, gaps, parts outside the parent, invalid geometry, buildings, workers, households',
      description: issuesDescription,
      tags: ['validation'],
      querystring: { type: 'object', additionalProperties: false, properties: { engine: engineQuery('core') } },
      body: bodySchema,
    },
  }, async (request) => {
    const { grids, buildings } = parse(request.body);
    const { engine } = request.query;
    const options = request.body.options ?? {};
    const result: ValidationResult =
      engine === 'postgis' ? await validateCoverageSql(app.db, grids, buildings, options) : validateCoverage(grids, buildings, options);
    return { ...result, engine };
  });

  app.get<{ Querystring: ValidationOptions & { engine: Engine } }>('/api/validate/current', {
    config: { access: 'public' },
    schema: {
      summary: 'Validate the published grids (the current generation) against the stored buildings',
      description: `${issuesDescription} Options are query parameters.`,
      tags: ['validation'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          engine: engineQuery('postgis'),
          min_area_m2: optionsSchema.properties.min_area_m2,
          target_households: optionsSchema.properties.target_households,
          household_tolerance: optionsSchema.properties.household_tolerance,
          target_level: optionsSchema.properties.target_level,
        },
      },
    },
  }, async (request) => {
    const { engine, ...options } = request.query;
    if (engine === 'postgis') return { ...(await validateCurrentSql(app.db, options)), engine };
    const { grids, buildings } = await loadCurrentCoverage(app.db);
    return { ...validateCoverage(grids, buildings, options), engine };
  });

  app.post<{ Body: Body }>('/api/validate/fix', {
    config: { access: 'public' },
    schema: {
      summary: 'Preview fix proposals for a posted coverage: the fixed FeatureCollection and its re-validation',
      description:
        'A gap goes to the neighbouring sibling with the longest shared border; an overlap is kept by the grid with the longest border to it (else the larger grid); a part outside the parent is cut off; a self-intersecting geometry is resolved. Returns {grids: FeatureCollection (all grids, fixed), changed: [ids], proposals: [{type, action: assign | cut | repair, to, from, parent_id, area_m2, geometry, point}], validation: {valid, issues}}. Nothing is stored.',
      tags: ['validation'],
      body: bodySchema,
    },
  }, async (request) => {
    const { grids, buildings } = parse(request.body);
    const fix = proposeFixes(grids);
    return {
      grids: { type: 'FeatureCollection', features: fix.grids.map(toFeature) },
      changed: fix.changed,
      proposals: fix.proposals,
      validation: validateCoverage(fix.grids, buildings, request.body.options ?? {}),
    };
  });
};

function toFeature(g: GridInput) {
  const { geometry, ...properties } = g;
  return { type: 'Feature', id: g.id, properties, geometry };
}

export default validateRoutes;

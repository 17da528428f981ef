// Exports over HTTP: grids (published or a plan's) and buildings as GeoJSON, a zipped Shapefile or CSV,
// in WGS84, CGCS2000 or GCJ-02 (to lay over Amap). Public fields only: no person is in any of them.
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../plugins/errors.plugin.ts';
import { EXPORT_CRS, fromWgs84, prjOf, type ExportCrs } from '../../interop/crs.convert.ts';
import { csvBytes } from '../../interop/export.csv.ts';
import { EXPORT_COLUMNS, exportFeatures, type ExportFilter, type ExportLayer } from '../../interop/export.features.ts';
import { geojsonBytes } from '../../interop/export.geojson.ts';
import { shapefileZip } from '../../interop/export.shapefile.ts';

const planners = { access: ['planner', 'admin'] } as const;
const FORMATS = ['geojson', 'shapefile', 'csv'] as const;
type ExportFormat = (typeof FORMATS)[number];

const FILES: Record<ExportFormat, { extension: string; type: string }> = {
  geojson: { extension: 'geojson', type: 'application/geo+json' },
  shapefile: { extension: 'zip', type: 'application/zip' },
  csv: { extension: 'csv', type: 'text/csv; charset=utf-8' },
};

interface ExportQuery { format: ExportFormat; crs: ExportCrs; level?: number; plan?: number }

const commonQuery = {
  format: { type: 'string', enum: FORMATS, default: 'geojson', description: 'geojson, shapefile (zipped .shp/.shx/.dbf/.prj/.cpg, UTF-8) or csv (WKT geometry)' },
  crs: { type: 'string', enum: EXPORT_CRS, default: 'wgs84', description: 'wgs84, cgcs2000 (EPSG:4490) or gcj02 (for use over Amap)' },
} as const;

const exportsRoutes: FastifyPluginAsync = async (app) => {
  async function send(layer: ExportLayer, query: ExportQuery, filter: ExportFilter, name: string) {
    const collection = await exportFeatures(app.db, layer, filter);
    for (const f of collection.features) if (f.geometry) f.geometry = fromWgs84(f.geometry, query.crs);
    const columns = EXPORT_COLUMNS[layer];
    const bytes = query.format === 'geojson' ? geojsonBytes(collection, query.crs)
      : query.format === 'csv' ? csvBytes(collection, columns)
        : shapefileZip(collection, columns, name, prjOf(query.crs));
    return { bytes, file: `${name}.${FILES[query.format].extension}`, type: FILES[query.format].type };
  }

  app.get<{ Querystring: ExportQuery }>('/api/exports/grids', {
    config: planners,
    schema: {
      summary: 'Download grids (the published generation, or a plan’s) as GeoJSON, Shapefile or CSV',
      description: 'Columns: id, code, name, level, parent_cd (the parent’s code), households, population, area_m2, worker (the worker’s name).',
      tags: ['exports'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...commonQuery,
          level: { type: 'integer', minimum: 1, maximum: 5 },
          plan: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'a plan’s grids instead of the published ones' },
        },
      },
    },
  }, async (request, reply) => {
    const { level, plan } = request.query;
    if (plan !== undefined && !(await app.db.query('select 1 from plan where id = $1', [plan])).rows.length) throw notFound(`plan ${plan} does not exist`);
    const name = ['wangge-grids', plan !== undefined ? `plan${plan}` : null, level !== undefined ? `level${level}` : null, request.query.crs].filter(Boolean).join('-');
    const out = await send('grids', request.query, { level, plan }, name);
    return attachment(reply, out);
  });

  app.get<{ Querystring: ExportQuery }>('/api/exports/buildings', {
    config: planners,
    schema: {
      summary: 'Download buildings (points) as GeoJSON, Shapefile or CSV',
      description: 'Columns: id, name, address, compound (its name), kind, floors, households, population.',
      tags: ['exports'],
      querystring: { type: 'object', additionalProperties: false, properties: commonQuery },
    },
  }, async (request, reply) => attachment(reply, await send('buildings', request.query, {}, `wangge-buildings-${request.query.crs}`)));
};

function attachment(reply: import('fastify').FastifyReply, out: { bytes: Uint8Array; file: string; type: string }) {
  return reply
    .type(out.type)
    .header('content-disposition', `attachment; filename="${out.file}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength));
}

export default exportsRoutes;

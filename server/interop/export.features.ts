// What an export holds: grids (published, or a plan's) and buildings (points) with public fields only,
// read as GeoJSON features in WGS84. Column names fit a .dbf (at most 10 characters), so the three
// formats carry the same columns; a parent is named by its code, which survives a round trip through
// another plan where ids would not.
import type { Feature, FeatureCollection } from 'geojson';
import type { Queryable } from '../db/db.ts';

export type ExportLayer = 'grids' | 'buildings';

export interface ExportFilter {
  level?: number;
  /** a plan's grids instead of the published ones */
  plan?: number;
}

/** columns in file order, each ≤ 10 ASCII characters */
export const EXPORT_COLUMNS: Record<ExportLayer, string[]> = {
  grids: ['id', 'code', 'name', 'level', 'parent_cd', 'households', 'population', 'area_m2', 'worker'],
  buildings: ['id', 'name', 'address', 'compound', 'kind', 'floors', 'households', 'population'],
};

const gridProperties = (g: string, parent: string, worker: string) => `json_build_object('id', ${g}.id, 'code', ${g}.code, 'name', ${g}.name, 'level', ${g}.level,
  'parent_cd', ${parent}.code, 'households', ${g}.households, 'population', ${g}.population,
  'area_m2', round(${g}.area_m2::numeric, 1), 'worker', ${worker}.name)`;

const featureOf = (id: string, geom: string, properties: string) =>
  `json_build_object('type', 'Feature', 'id', ${id}, 'geometry', ST_AsGeoJSON(${geom}, 7)::json, 'properties', ${properties})::text`;

export async function exportFeatures(db: Queryable, layer: ExportLayer, filter: ExportFilter = {}): Promise<FeatureCollection> {
  const params: unknown[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  let sql: string;
  if (layer === 'buildings') {
    sql = `select ${featureOf('b.id', 'b.geom', `json_build_object('id', b.id, 'name', b.name, 'address', b.address, 'compound', c.name,
             'kind', b.kind, 'floors', b.floors, 'households', b.households, 'population', b.population)`)} as feature
             from building b left join compound c on c.id = b.compound_id order by b.id`;
  } else if (filter.plan !== undefined) {
    const plan = bind(filter.plan);
    sql = `select ${featureOf('g.id', 'g.geom', gridProperties('g', 'p', 'w'))} as feature
             from plan_grid g left join plan_grid p on p.plan_id = g.plan_id and p.id = g.parent_id and not p.deleted
             left join staff w on w.id = g.worker_id
            where g.plan_id = ${plan} and not g.deleted ${filter.level !== undefined ? `and g.level = ${bind(filter.level)}` : ''}
            order by g.level, g.code`;
  } else {
    sql = `select ${featureOf('g.id', 'g.geom', gridProperties('g', 'p', 'w'))} as feature
             from grid g left join grid p on p.id = g.parent_id and p.valid_to is null
             left join staff w on w.id = g.worker_id
            where g.valid_to is null ${filter.level !== undefined ? `and g.level = ${bind(filter.level)}` : ''}
            order by g.level, g.code`;
  }
  const { rows } = await db.query<{ feature: string }>(sql, params);
  return { type: 'FeatureCollection', features: rows.map((r) => JSON.parse(r.feature) as Feature) };
}

// Households (户): listing by grid, one household with its members, tags (低保户 and other key groups
// that belong to a household). A household list carries no personal data (addresses of buildings,
// rooms, counts); its members are residents, read through the resident repository and so audited.
import type { Queryable } from '../db/db.ts';
import type { AuditRepository } from '../auth/audit.repository.ts';
import { inScope } from '../auth/grid.scope.ts';
import { HttpError } from '../plugins/errors.plugin.ts';
import { placedSql } from './building.placement.ts';
import type { Viewer } from './disclosure.rule.ts';
import type { GridBrief, ResidentRepository, ResidentView } from './resident.repository.ts';

export interface HouseholdView {
  id: number;
  unit: string | null;
  room: string | null;
  tags: string[];
  members: number;
  building: { id: number; name: string; address: string | null; compound: string | null };
  grid: GridBrief | null;
}

export interface HouseholdFilter {
  grids: number[] | null;
  tag?: string;
  building_id?: number;
}

interface Row {
  id: number; unit: string | null; room: string | null; tags: string[]; members: number;
  building_id: number; building_name: string; address: string | null; compound: string | null;
  grid_id: number | null; grid_code: string | null; grid_name: string | null; grid_level: number | null;
}

const columns = `h.id, h.unit, h.room, h.tags, (select count(*)::int from resident r where r.household_id = h.id) as members,
  b.id as building_id, b.name as building_name, b.address, c.name as compound,
  g.id as grid_id, g.code as grid_code, g.name as grid_name, g.level as grid_level`;

const joins = `
  from household h
  join building b on b.id = h.building_id
  left join compound c on c.id = b.compound_id
  left join placed p on p.building_id = b.id
  left join grid g on g.id = p.grid_id and g.valid_to is null`;

const where = `
 where ($1::bigint[] is null or p.grid_id = any($1::bigint[]))
   and ($2::text is null or $2::text = any(h.tags))
   and ($3::bigint is null or h.building_id = $3::bigint)`;

function toView(row: Row): HouseholdView {
  return {
    id: Number(row.id),
    unit: row.unit,
    room: row.room,
    tags: row.tags,
    members: Number(row.members),
    building: { id: Number(row.building_id), name: row.building_name, address: row.address, compound: row.compound },
    grid: row.grid_id === null ? null : { id: Number(row.grid_id), code: row.grid_code!, name: row.grid_name!, level: Number(row.grid_level) },
  };
}

export function householdRepository(db: Queryable, audit: AuditRepository, residents: ResidentRepository) {
  async function list(filter: HouseholdFilter, page: { limit: number; offset: number }): Promise<{ total: number; items: HouseholdView[] }> {
    const params = [filter.grids, filter.tag ?? null, filter.building_id ?? null];
    const total = await db.query<{ n: number }>(`with placed as (${placedSql('$1')}) select count(*)::int as n ${joins} ${where}`, params);
    const { rows } = await db.query<Row>(
      `with placed as (${placedSql('$1')}) select ${columns} ${joins} ${where}
        order by g.code nulls last, b.id, h.unit nulls first, h.room nulls first, h.id limit $4 offset $5`,
      [...params, page.limit, page.offset],
    );
    return { total: Number(total.rows[0].n), items: rows.map(toView) };
  }

  async function fetch(id: number): Promise<HouseholdView> {
    const { rows } = await db.query<Row>(
      `with placed as (
         select distinct on (b.id) b.id as building_id, g.id as grid_id
           from household h0 join building b on b.id = h0.building_id
           join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
          where h0.id = $1
          order by b.id, g.level desc, ST_Contains(g.geom, b.geom) desc, g.code)
       select ${columns} ${joins} where h.id = $1`,
      [id],
    );
    if (!rows[0]) throw new HttpError(404, `no household ${id}`);
    return toView(rows[0]);
  }

  async function fetchInScope(viewer: Viewer, id: number): Promise<HouseholdView> {
    const household = await fetch(id);
    if (!inScope(viewer.scope, household.grid?.id ?? null)) throw new HttpError(403, `household ${id} lives outside your grids`);
    return household;
  }

  /** the household and its members (each member's read audited) */
  async function get(viewer: Viewer, id: number): Promise<HouseholdView & { residents: ResidentView[] }> {
    const household = await fetchInScope(viewer, id);
    // the household's own grid bounds the placement query to the buildings around it
    const members = await residents.list(viewer, { grids: household.grid ? [household.grid.id] : null, household_id: id }, { limit: null, offset: 0 }, 'household');
    return { ...household, residents: members.items };
  }

  async function updateTags(viewer: Viewer, id: number, tags: string[]): Promise<HouseholdView> {
    const before = await fetchInScope(viewer, id);
    await db.query('update household set tags = $2::text[] where id = $1', [id, tags]);
    await audit.write(viewer.actor, [{ action: 'update', entity: 'household', entity_id: id, detail: { tags, before: before.tags } }]);
    return fetch(id);
  }

  return { list, get, updateTags };
}

export type HouseholdRepository = ReturnType<typeof householdRepository>;

// Residents (一户一档): listing, one record, tags. Every read writes one audit row per record returned,
// in the same call; ID numbers and phones are masked unless the viewer sees them in full.
import type { Queryable } from '../db/db.ts';
import type { AuditRepository } from '../auth/audit.repository.ts';
import { inScope } from '../auth/grid.scope.ts';
import { HttpError } from '../plugins/errors.plugin.ts';
import { placedSql } from './building.placement.ts';
import type { Viewer } from './disclosure.rule.ts';
import { maskIdNumber, maskPhone } from './personal.mask.ts';

export interface GridBrief {
  id: number;
  code: string;
  name: string;
  level: number;
}

export interface ResidentView {
  id: number;
  household_id: number;
  name: string;
  id_number: string | null;
  phone: string | null;
  relation: string | null;
  tags: string[];
  household: { unit: string | null; room: string | null; tags: string[] };
  building: { id: number; name: string; address: string | null; compound: string | null };
  grid: GridBrief | null;
  /** true when id_number and phone are masked */
  masked: boolean;
}

export interface ResidentFilter {
  /** current grid ids the residents' buildings must be placed in; null = anywhere (admins) */
  grids: number[] | null;
  /** a resident tag or a tag of their household (低保户 is a household's) */
  tag?: string;
  /** part of a name, or a whole ID number or phone */
  q?: string;
  household_id?: number;
  /** only residents with a tag, or whose household has one (the key-group ledger) */
  tagged?: boolean;
}

interface Row {
  id: number; household_id: number; name: string; id_number: string | null; phone: string | null; relation: string | null; tags: string[];
  unit: string | null; room: string | null; household_tags: string[];
  building_id: number; building_name: string; address: string | null; compound: string | null;
  grid_id: number | null; grid_code: string | null; grid_name: string | null; grid_level: number | null;
}

const joins = `
  from resident r
  join household h on h.id = r.household_id
  join building b on b.id = h.building_id
  left join compound c on c.id = b.compound_id
  left join placed p on p.building_id = b.id
  left join grid g on g.id = p.grid_id and g.valid_to is null`;

const fromWhere = `${joins}
 where ($1::bigint[] is null or p.grid_id = any($1::bigint[]))
   and ($2::text is null or $2::text = any(r.tags) or $2::text = any(h.tags))
   and ($3::text is null or strpos(r.name, $3::text) > 0 or r.id_number = upper($3::text) or r.phone = $3::text)
   and ($4::bigint is null or r.household_id = $4::bigint)
   and (not $5::boolean or cardinality(r.tags) > 0 or cardinality(h.tags) > 0)`;

const columns = `r.id, r.household_id, r.name, r.id_number, r.phone, r.relation, r.tags,
  h.unit, h.room, h.tags as household_tags, b.id as building_id, b.name as building_name, b.address, c.name as compound,
  g.id as grid_id, g.code as grid_code, g.name as grid_name, g.level as grid_level`;

const filterParams = (f: ResidentFilter) => [f.grids, f.tag ?? null, f.q ?? null, f.household_id ?? null, f.tagged ?? false];

export function toResidentView(row: Row, full: boolean): ResidentView {
  return {
    id: Number(row.id),
    household_id: Number(row.household_id),
    name: row.name,
    id_number: full ? row.id_number : maskIdNumber(row.id_number),
    phone: full ? row.phone : maskPhone(row.phone),
    relation: row.relation,
    tags: row.tags,
    household: { unit: row.unit, room: row.room, tags: row.household_tags },
    building: { id: Number(row.building_id), name: row.building_name, address: row.address, compound: row.compound },
    grid: row.grid_id === null ? null : { id: Number(row.grid_id), code: row.grid_code!, name: row.grid_name!, level: Number(row.grid_level) },
    masked: !full,
  };
}

export function residentRepository(db: Queryable, audit: AuditRepository) {
  /** Residents matching the filter, a page at a time (limit null = all, for ledger exports); audited. */
  async function list(viewer: Viewer, filter: ResidentFilter, page: { limit: number | null; offset: number }, via: string): Promise<{ total: number; items: ResidentView[] }> {
    const params = filterParams(filter);
    const total = await db.query<{ n: number }>(`with placed as (${placedSql('$1')}) select count(*)::int as n ${fromWhere}`, params);
    const { rows } = await db.query<Row>(
      `with placed as (${placedSql('$1')}) select ${columns} ${fromWhere}
        order by g.code nulls last, b.id, h.unit nulls first, h.room nulls first, h.id, r.id
        limit $6 offset $7`,
      [...params, page.limit, page.offset],
    );
    await audit.reads(viewer.actor, 'resident', rows.map((r) => Number(r.id)), { full: viewer.full, via });
    return { total: Number(total.rows[0].n), items: rows.map((r) => toResidentView(r, viewer.full)) };
  }

  /** one resident: 404 when there is none, 403 outside the viewer's grids; audited */
  async function get(viewer: Viewer, id: number): Promise<ResidentView> {
    const row = await fetchRow(id);
    if (!inScope(viewer.scope, row.grid_id === null ? null : Number(row.grid_id))) throw new HttpError(403, `resident ${id} lives outside your grids`);
    await audit.reads(viewer.actor, 'resident', [id], { full: viewer.full, via: 'resident' });
    return toResidentView(row, viewer.full);
  }

  async function fetchRow(id: number): Promise<Row> {
    const { rows } = await db.query<Row>(
      `with placed as (
         select distinct on (b.id) b.id as building_id, g.id as grid_id
           from resident r0 join household h0 on h0.id = r0.household_id join building b on b.id = h0.building_id
           join grid g on g.valid_to is null and ST_Intersects(g.geom, b.geom)
          where r0.id = $1
          order by b.id, g.level desc, ST_Contains(g.geom, b.geom) desc, g.code)
       select ${columns} ${joins} where r.id = $1`,
      [id],
    );
    if (!rows[0]) throw new HttpError(404, `no resident ${id}`);
    return rows[0];
  }

  async function updateTags(viewer: Viewer, id: number, tags: string[]): Promise<ResidentView> {
    const row = await fetchRow(id);
    if (!inScope(viewer.scope, row.grid_id === null ? null : Number(row.grid_id))) throw new HttpError(403, `resident ${id} lives outside your grids`);
    await db.query('update resident set tags = $2::text[] where id = $1', [id, tags]);
    await audit.write(viewer.actor, [{ action: 'update', entity: 'resident', entity_id: id, detail: { tags, before: row.tags } }]);
    return get(viewer, id);
  }

  return { list, get, updateTags };
}

export type ResidentRepository = ReturnType<typeof residentRepository>;

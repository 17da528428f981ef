// The four ledgers (台账) the grid office keeps: households (一户一档: every household with its members),
// units (驻区单位: buildings and compounds of kind 'unit'), key groups (重点人群: residents by tag) and
// workers (网格员: staff by grid). Rows are flat, one table each, so the same rows serve JSON and CSV.
import type { Queryable } from '../db/db.ts';
import type { AuditRepository } from '../auth/audit.repository.ts';
import { placedCompoundsSql, placedSql } from './building.placement.ts';
import type { CsvColumn } from './csv.write.ts';
import type { Viewer } from './disclosure.rule.ts';
import type { ResidentRepository, ResidentView } from './resident.repository.ts';

export interface Page {
  /** null: every row (CSV export) */
  limit: number | null;
  offset: number;
}

export interface UnitRow {
  kind: 'building' | 'compound';
  id: number;
  name: string;
  address: string | null;
  compound: string | null;
  property_company: string | null;
  property_phone: string | null;
  grid: { id: number; code: string; name: string; level: number } | null;
}

export interface WorkerRow {
  grid: { id: number; code: string; name: string; level: number; households: number; population: number };
  worker: {
    staff_id: number; name: string; role: string; public_phone: string | null; office_hours: string | null; office_place: string | null;
    /** staff_private, admins only */
    private_phone?: string | null;
    id_number?: string | null;
  } | null;
}

const gridColumns = (prefix: string) => `${prefix}.id as grid_id, ${prefix}.code as grid_code, ${prefix}.name as grid_name, ${prefix}.level as grid_level`;
type GridCols = { grid_id: number | null; grid_code: string | null; grid_name: string | null; grid_level: number | null };
const gridOf = (r: GridCols) => (r.grid_id === null ? null : { id: Number(r.grid_id), code: r.grid_code!, name: r.grid_name!, level: Number(r.grid_level) });

export function ledgerRepository(db: Queryable, audit: AuditRepository, residents: ResidentRepository) {
  /** 一户一档: one row per resident, household by household, in grid order; audited like any resident read */
  function households(viewer: Viewer, grids: number[] | null, page: Page) {
    return residents.list(viewer, { grids }, page, 'ledger.households');
  }

  /** 重点人群: residents with a tag, or in a household with one; `tag` narrows to one group */
  function keyGroups(viewer: Viewer, grids: number[] | null, tag: string | undefined, page: Page) {
    return residents.list(viewer, { grids, tag, tagged: true }, page, 'ledger.key-groups');
  }

  /** 驻区单位: no personal data (organisations and their property contacts) */
  async function units(grids: number[] | null, page: Page): Promise<{ total: number; items: UnitRow[] }> {
    const { rows } = await db.query<Omit<UnitRow, 'grid'> & GridCols>(
      `with placed as (${placedSql('$1')}), placed_compound as (${placedCompoundsSql('$1')}),
       units as (
         select 'building' as kind, b.id, b.name, b.address, c.name as compound, c.property_company, c.property_phone, ${gridColumns('g')}
           from building b left join compound c on c.id = b.compound_id
           left join placed p on p.building_id = b.id left join grid g on g.id = p.grid_id and g.valid_to is null
          where b.kind = 'unit' and ($1::bigint[] is null or p.grid_id = any($1::bigint[]))
         union all
         select 'compound', c.id, c.name, c.address, null, c.property_company, c.property_phone, ${gridColumns('g')}
           from compound c
           left join placed_compound p on p.compound_id = c.id left join grid g on g.id = p.grid_id and g.valid_to is null
          where c.kind = 'unit' and ($1::bigint[] is null or p.grid_id = any($1::bigint[]))
       )
       select *, count(*) over ()::int as total from units order by grid_code nulls last, kind, name, id limit $2 offset $3`,
      [grids, page.limit, page.offset],
    );
    const total = rows[0] ? Number((rows[0] as unknown as { total: number }).total) : await countUnits(grids);
    return {
      total,
      items: rows.map((r) => ({
        kind: r.kind, id: Number(r.id), name: r.name, address: r.address, compound: r.compound,
        property_company: r.property_company, property_phone: r.property_phone, grid: gridOf(r),
      })),
    };
  }

  async function countUnits(grids: number[] | null): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `with placed as (${placedSql('$1')}), placed_compound as (${placedCompoundsSql('$1')})
       select (select count(*) from building b left join placed p on p.building_id = b.id
                where b.kind = 'unit' and ($1::bigint[] is null or p.grid_id = any($1::bigint[])))
            + (select count(*) from compound c left join placed_compound p on p.compound_id = c.id
                where c.kind = 'unit' and ($1::bigint[] is null or p.grid_id = any($1::bigint[])))::int as n`,
      [grids],
    );
    return Number(rows[0].n);
  }

  /** 网格员台账: every current grid in scope with its worker; private contacts for admins only, audited */
  async function workers(viewer: Viewer, grids: number[] | null, page: Page): Promise<{ total: number; items: WorkerRow[] }> {
    const { rows } = await db.query<GridCols & { households: number; population: number; staff_id: number | null; name: string | null; role: string | null;
      public_phone: string | null; office_hours: string | null; office_place: string | null; private_phone: string | null; id_number: string | null; total: number }>(
      `select ${gridColumns('g')}, g.households, g.population,
              s.id as staff_id, s.name, s.role, s.public_phone, s.office_hours, s.office_place,
              case when $4 then sp.private_phone end as private_phone, case when $4 then sp.id_number end as id_number,
              count(*) over ()::int as total
         from grid g left join staff s on s.id = g.worker_id left join staff_private sp on $4 and sp.staff_id = s.id
        where g.valid_to is null and ($1::bigint[] is null or g.id = any($1::bigint[]))
        order by g.code limit $2 offset $3`,
      [grids, page.limit, page.offset, viewer.full],
    );
    if (viewer.full) {
      const staffIds = [...new Set(rows.flatMap((r) => (r.staff_id === null ? [] : [Number(r.staff_id)])))];
      await audit.reads(viewer.actor, 'staff', staffIds, { full: true, via: 'ledger.workers' });
    }
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        grid: { ...gridOf(r)!, households: Number(r.households), population: Number(r.population) },
        worker: r.staff_id === null ? null : {
          staff_id: Number(r.staff_id), name: r.name!, role: r.role!, public_phone: r.public_phone, office_hours: r.office_hours, office_place: r.office_place,
          ...(viewer.full ? { private_phone: r.private_phone, id_number: r.id_number } : {}),
        },
      })),
    };
  }

  return { households, keyGroups, units, workers };
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;

// CSV columns of each ledger. Chinese headers: the office opens these in Excel; the household and
// key-group ledgers use the import's own headers, so an exported ledger's columns are recognisable.
const join = (list: string[]) => list.join('、');

export const residentCsv: CsvColumn<ResidentView>[] = [
  { header: '网格编码', value: (r) => r.grid?.code },
  { header: '网格', value: (r) => r.grid?.name },
  { header: '小区', value: (r) => r.building.compound },
  { header: '楼栋编号', value: (r) => r.building.id },
  { header: '楼栋', value: (r) => r.building.name },
  { header: '地址', value: (r) => r.building.address },
  { header: '单元', value: (r) => r.household.unit },
  { header: '房号', value: (r) => r.household.room },
  { header: '户编号', value: (r) => r.household_id },
  { header: '户标签', value: (r) => join(r.household.tags) },
  { header: '人员编号', value: (r) => r.id },
  { header: '姓名', value: (r) => r.name },
  { header: '与户主关系', value: (r) => r.relation },
  { header: '身份证号', value: (r) => r.id_number },
  { header: '电话', value: (r) => r.phone },
  { header: '人员标签', value: (r) => join(r.tags) },
];

export const unitCsv: CsvColumn<UnitRow>[] = [
  { header: '网格编码', value: (u) => u.grid?.code },
  { header: '网格', value: (u) => u.grid?.name },
  { header: '类型', value: (u) => (u.kind === 'building' ? '楼栋' : '院落') },
  { header: '编号', value: (u) => u.id },
  { header: '单位名称', value: (u) => u.name },
  { header: '地址', value: (u) => u.address },
  { header: '所在小区', value: (u) => u.compound },
  { header: '物业公司', value: (u) => u.property_company },
  { header: '物业电话', value: (u) => u.property_phone },
];

export const workerCsv = (full: boolean): CsvColumn<WorkerRow>[] => [
  { header: '网格编码', value: (w) => w.grid.code },
  { header: '网格', value: (w) => w.grid.name },
  { header: '层级', value: (w) => w.grid.level },
  { header: '户数', value: (w) => w.grid.households },
  { header: '人口', value: (w) => w.grid.population },
  { header: '人员编号', value: (w) => w.worker?.staff_id },
  { header: '姓名', value: (w) => w.worker?.name },
  { header: '岗位', value: (w) => w.worker?.role },
  { header: '公开电话', value: (w) => w.worker?.public_phone },
  { header: '办公时间', value: (w) => w.worker?.office_hours },
  { header: '办公地点', value: (w) => w.worker?.office_place },
  ...(full ? [
    { header: '私人电话', value: (w: WorkerRow) => w.worker?.private_phone },
    { header: '身份证号', value: (w: WorkerRow) => w.worker?.id_number },
  ] : []),
];

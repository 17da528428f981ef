// Importing residents (一户一档) from CSV: all or nothing. Every row is checked — against the file
// (import.rows.ts), then the database: the building exists (by id, or by an address that names exactly
// one building), lies in the importer's grids, and the ID number is not registered yet — and only a
// file without a single error is written, in one transaction. Rows of the same building, unit and
// room form one household; a household already registered there gains the new members.
import type { Db, Queryable } from '../db/db.ts';
import type { Actor, AuditRepository } from '../auth/audit.repository.ts';
import { inScope, type GridScope } from '../auth/grid.scope.ts';
import { placeBuildings } from './building.placement.ts';
import { parseCsv } from './csv.parse.ts';
import { readImportRows, type ImportRow, type RowError } from './import.rows.ts';

/** About 30 MB of CSV; more should be split so one mistake does not hold up a whole city. */
export const MAX_IMPORT_ROWS = 200_000;
/** An error list longer than this is cut (the total is still given): the first errors show the pattern. */
export const MAX_ERRORS_LISTED = 1000;
const WRITE_CHUNK = 5000;

export interface ImportProgress {
  phase: 'parse' | 'check' | 'write';
  done: number;
  total: number;
}

export type ImportOutcome =
  | { ok: true; dry_run: boolean; rows: number; households_created: number; households_extended: number; residents_created: number }
  | { ok: false; reason: string; error_count: number; errors: RowError[] };

export interface ImportOptions {
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

interface Placed extends ImportRow {
  building: number;
}

export async function importResidents(db: Db, audit: AuditRepository, actor: Actor, scope: GridScope, text: string, options: ImportOptions): Promise<ImportOutcome> {
  const progress = options.onProgress ?? (() => {});
  const parsed = parseCsv(text, MAX_IMPORT_ROWS + 1);
  if (!parsed.valid) return failed(parsed.reason, []);
  const read = readImportRows(parsed.records);
  if (!read.valid) return failed(read.reason, []);
  const total = read.rows.length + read.errors.length;
  progress({ phase: 'parse', done: total, total });

  const errors = [...read.errors];
  const placed = await resolveBuildings(db, read.rows, errors);
  progress({ phase: 'check', done: Math.round(total / 3), total });
  await checkScope(db, scope, placed, errors);
  progress({ phase: 'check', done: Math.round((2 * total) / 3), total });
  await checkRegistered(db, placed, errors);
  progress({ phase: 'check', done: total, total });
  if (errors.length) return failed(`${errors.length} of ${total} rows have errors; nothing was imported`, errors);

  if (options.dryRun) return { ok: true, dry_run: true, rows: placed.length, ...(await countHouseholds(db, placed)), residents_created: placed.length };
  const written = await db.transaction(async (tx) => {
    // checked again inside the transaction: an import running beside this one may have registered the same people
    const late: RowError[] = [];
    await checkRegistered(tx, placed, late);
    if (late.length) return failed(`${late.length} rows were registered meanwhile; nothing was imported`, late);
    const result = await write(tx, placed, (done) => progress({ phase: 'write', done, total: placed.length }));
    await audit.write(actor, [{ action: 'import', entity: 'resident', detail: { rows: placed.length, ...result } }], tx);
    return { ok: true as const, dry_run: false, rows: placed.length, ...result };
  });
  return written;
}

function failed(reason: string, errors: RowError[]): ImportOutcome {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return { ok: false, reason, error_count: sorted.length, errors: sorted.slice(0, MAX_ERRORS_LISTED) };
}

async function resolveBuildings(db: Queryable, rows: ImportRow[], errors: RowError[]): Promise<Placed[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.building_id === null ? [] : [r.building_id])))];
  const addresses = [...new Set(rows.flatMap((r) => (r.address === null ? [] : [r.address])))];
  const known = new Set(ids.length ? (await db.query<{ id: number }>('select id from building where id = any($1::bigint[])', [ids])).rows.map((r) => Number(r.id)) : []);
  const byAddress = new Map<string, number[]>();
  if (addresses.length) {
    const { rows: found } = await db.query<{ address: string; ids: number[] }>(
      'select address, array_agg(id order by id) as ids from building where address = any($1::text[]) group by address',
      [addresses],
    );
    for (const r of found) byAddress.set(r.address, r.ids.map(Number));
  }
  const placed: Placed[] = [];
  for (const r of rows) {
    if (r.building_id !== null) {
      if (known.has(r.building_id)) placed.push({ ...r, building: r.building_id });
      else errors.push({ row: r.row, reason: `no building with id ${r.building_id}` });
      continue;
    }
    const matches = byAddress.get(r.address!) ?? [];
    if (matches.length === 1) placed.push({ ...r, building: matches[0] });
    else if (!matches.length) errors.push({ row: r.row, reason: `no building has the address "${r.address!.slice(0, 60)}"` });
    else errors.push({ row: r.row, reason: `${matches.length} buildings have the address "${r.address!.slice(0, 60)}"; give building_id instead (${matches.slice(0, 5).join(', ')}…)` });
  }
  return placed;
}

async function checkScope(db: Queryable, scope: GridScope, rows: Placed[], errors: RowError[]): Promise<void> {
  if (scope.all) return;
  const grids = await placeBuildings(db, [...new Set(rows.map((r) => r.building))]);
  for (const r of rows) {
    if (!inScope(scope, grids.get(r.building) ?? null)) errors.push({ row: r.row, reason: `building ${r.building} is not in your grids` });
  }
}

async function checkRegistered(db: Queryable, rows: Placed[], errors: RowError[]): Promise<void> {
  const idNumbers = rows.flatMap((r) => (r.id_number === null ? [] : [r.id_number]));
  if (!idNumbers.length) return;
  const { rows: found } = await db.query<{ id_number: string }>('select distinct id_number from resident where id_number = any($1::text[])', [idNumbers]);
  const registered = new Set(found.map((r) => r.id_number));
  // the number itself stays out of the message: error lists are shown and may be forwarded
  for (const r of rows) if (r.id_number !== null && registered.has(r.id_number)) errors.push({ row: r.row, reason: 'this ID number is already registered' });
}

const householdKey = (building: number, unit: string, room: string) => JSON.stringify([building, unit, room]);

async function existingHouseholds(db: Queryable, rows: Placed[]): Promise<Map<string, number>> {
  const buildings = [...new Set(rows.map((r) => r.building))];
  const { rows: found } = await db.query<{ id: number; building_id: number; unit: string; room: string }>(
    `select min(id) as id, building_id, coalesce(unit, '') as unit, coalesce(room, '') as room
       from household where building_id = any($1::bigint[]) group by 2, 3, 4`,
    [buildings],
  );
  return new Map(found.map((h) => [householdKey(Number(h.building_id), h.unit, h.room), Number(h.id)]));
}

async function countHouseholds(db: Queryable, rows: Placed[]) {
  const existing = await existingHouseholds(db, rows);
  const keys = new Set(rows.map((r) => householdKey(r.building, r.unit, r.room)));
  const extended = [...keys].filter((k) => existing.has(k)).length;
  return { households_created: keys.size - extended, households_extended: extended };
}

async function write(tx: Queryable, rows: Placed[], onWritten: (done: number) => void) {
  const existing = await existingHouseholds(tx, rows);
  const groups = new Map<string, Placed[]>();
  for (const r of rows) {
    const key = householdKey(r.building, r.unit, r.room);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const fresh = [...groups.entries()].filter(([key]) => !existing.has(key));
  const householdTags = ([, members]: [string, Placed[]]) => [...new Set(members.flatMap((m) => m.household_tags))];
  const ids = new Map(existing);
  if (fresh.length) {
    const { rows: created } = await tx.query<{ id: number; building_id: number; unit: string; room: string }>(
      `insert into household (building_id, unit, room, tags)
       select b, nullif(u, ''), nullif(r, ''), coalesce((select array_agg(t) from json_array_elements_text(tg::json) t), '{}')
         from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) as x(b, u, r, tg)
       returning id, building_id, coalesce(unit, '') as unit, coalesce(room, '') as room`,
      [fresh.map(([, m]) => m[0].building), fresh.map(([, m]) => m[0].unit), fresh.map(([, m]) => m[0].room), fresh.map((g) => JSON.stringify(householdTags(g)))],
    );
    for (const h of created) ids.set(householdKey(Number(h.building_id), h.unit, h.room), Number(h.id));
  }
  const extended = [...groups.entries()].filter(([key]) => existing.has(key));
  for (const group of extended) {
    const tags = householdTags(group);
    if (tags.length) {
      await tx.query('update household set tags = array(select distinct unnest(tags || $2::text[])) where id = $1', [existing.get(group[0])!, tags]);
    }
  }
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK);
    await tx.query(
      `insert into resident (household_id, name, id_number, phone, relation, tags)
       select h, n, i, p, r, coalesce((select array_agg(t) from json_array_elements_text(tg::json) t), '{}')
         from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(h, n, i, p, r, tg)`,
      [
        chunk.map((r) => ids.get(householdKey(r.building, r.unit, r.room))!),
        chunk.map((r) => r.name), chunk.map((r) => r.id_number), chunk.map((r) => r.phone), chunk.map((r) => r.relation),
        chunk.map((r) => JSON.stringify(r.tags)),
      ],
    );
    onWritten(Math.min(rows.length, i + WRITE_CHUNK));
  }
  return { households_created: fresh.length, households_extended: extended.length, residents_created: rows.length };
}

// Writes a generated demo district (示例数据) into the database: one transaction, a few bulk statements
// per table, explicit ids (so grid chains, workers and events can refer to each other before insert)
// and the sequences moved past them. The generator is pure; this file is the only I/O of the demo.
import type { Geometry } from 'geojson';
import type { Db, Queryable } from '../db/db.ts';
import { generateDistrict, presetNames } from './district.generator.ts';
import type { District } from './district.types.ts';
import { toWkt } from './geometry.wkt.ts';
import { bigintArrayLiteral, insertRows, textArrayLiteral, type Column } from './rows.writer.ts';

export interface SeedSummary {
  preset: string;
  seed: number;
  generation: number;
  /** grid counts per level, level 1 first */
  grids: number[];
  compounds: number;
  buildings: number;
  households: number;
  population: number;
  staff: number;
  events: number;
  basemap: number;
  /** total, and the part spent generating (pure) vs writing */
  ms: number;
  generateMs: number;
  writeMs: number;
}

export interface SeedOptions {
  seed?: number;
  /** empty the demo tables first, in the same transaction: a failed seed leaves the old data */
  reset?: boolean;
}

/** Tables the demo fills, children first; `--reset` empties exactly these. */
export const DEMO_TABLES = [
  'event_log',
  'event_reporter',
  'event',
  'resident',
  'household',
  'building',
  'compound',
  'basemap_feature',
  'grid',
  'plan',
  'staff_private',
  'staff',
  'generation',
] as const;

/** Tables whose identity sequence must move past the explicit ids written. */
const IDENTITIES = ['staff', 'compound', 'building', 'basemap_feature', 'event', 'event_log', 'household', 'resident'] as const;

/** Throws, listing the known presets, unless `preset` is one of them. */
export function assertKnownPreset(preset: string): void {
  const known = presetNames();
  if (!known.includes(preset)) throw new Error(`unknown demo preset "${preset}"; known presets: ${known.join(', ')}`);
}

// Geometries travel as WKT: PostGIS parses it in about half the time of GeoJSON.
const wkt = (g: Geometry | null | undefined) => (g == null ? null : toWkt(g));
const GEOM = 'ST_GeomFromText($, 4326)';
const MULTI = `ST_Multi(${GEOM})`;

/** Rows in the demo's tables, to tell an empty database from one somebody works in. */
export async function demoRowCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select (select count(*) from grid) + (select count(*) from building) + (select count(*) from staff)
          + (select count(*) from event) + (select count(*) from compound) + (select count(*) from basemap_feature)
          + (select count(*) from generation) as n`,
  );
  return Number(rows[0].n);
}

async function truncateDemoTables(tx: Queryable): Promise<void> {
  await tx.query(`truncate ${DEMO_TABLES.join(', ')} restart identity cascade`);
  await tx.query('alter sequence grid_id_seq restart with 1');
}

/** Empties the demo's tables and restarts their ids, grid ids included. */
export async function resetDemoData(db: Db): Promise<void> {
  await db.transaction(truncateDemoTables);
}

/**
 * The generator numbers everything from 1. Tables other than grid may already hold rows (an admin in
 * staff, say), so the writer shifts ids past them; grid and generation must be empty.
 */
async function idOffsets(tx: Queryable) {
  const { rows } = await tx.query<Record<string, number>>(
    `select ${['staff', 'compound', 'building', 'basemap_feature', 'event', 'household', 'resident'].map((t) => `coalesce((select max(id) from ${t}), 0) as ${t}`).join(', ')}`,
  );
  const o = rows[0];
  return {
    staff: Number(o.staff),
    compound: Number(o.compound),
    building: Number(o.building),
    basemap: Number(o.basemap_feature),
    event: Number(o.event),
    household: Number(o.household),
    resident: Number(o.resident),
  };
}

const shift = (id: number | null | undefined, by: number) => (id == null ? null : id + by);

export async function writeDistrict(tx: Queryable, d: District): Promise<void> {
  const off = await idOffsets(tx);
  const staffId = (id: number | null | undefined) => shift(id, off.staff);
  await tx.query('insert into generation (id, note) values ($1, $2)', [d.generation, d.note]);

  await insertRows(tx, 'staff', [
    { name: 'id', type: 'bigint', value: (s) => staffId(s.id) },
    { name: 'name', type: 'text', value: (s) => s.name },
    { name: 'role', type: 'text', value: (s) => s.role },
    { name: 'public_phone', type: 'text', value: (s) => s.public_phone },
    { name: 'photo_url', type: 'text', value: (s) => s.photo_url },
    { name: 'office_hours', type: 'text', value: (s) => s.office_hours },
    { name: 'office_place', type: 'text', value: (s) => s.office_place },
  ], d.staff);
  await insertRows(tx, 'staff_private', [
    { name: 'staff_id', type: 'bigint', value: (s) => staffId(s.id) },
    { name: 'id_number', type: 'text', value: (s) => s.id_number },
    { name: 'private_phone', type: 'text', value: (s) => s.private_phone },
  ], d.staff);

  await insertRows(tx, 'compound', [
    { name: 'id', type: 'bigint', value: (c) => shift(c.id, off.compound) },
    { name: 'name', type: 'text', value: (c) => c.name },
    { name: 'kind', type: 'text', value: (c) => c.kind },
    { name: 'address', type: 'text', value: (c) => c.address },
    { name: 'property_company', type: 'text', value: (c) => c.property_company },
    { name: 'property_phone', type: 'text', value: (c) => c.property_phone },
    { name: 'geom', type: 'text', value: (c) => wkt(c.geom), expr: MULTI },
  ], d.compounds);

  await insertRows(tx, 'building', [
    { name: 'id', type: 'bigint', value: (b) => shift(b.id, off.building) },
    { name: 'name', type: 'text', value: (b) => b.name },
    { name: 'address', type: 'text', value: (b) => b.address },
    { name: 'compound_id', type: 'bigint', value: (b) => shift(b.compound_id, off.compound) },
    { name: 'kind', type: 'text', value: (b) => b.kind },
    { name: 'floors', type: 'smallint', value: (b) => b.floors },
    { name: 'households', type: 'integer', value: (b) => b.households },
    { name: 'population', type: 'integer', value: (b) => b.population },
    { name: 'geom', type: 'text', value: (b) => wkt(b.geom), expr: GEOM },
    { name: 'footprint', type: 'text', value: (b) => wkt(b.footprint), expr: GEOM },
  ], d.buildings);

  // Personal records (一户一档), synthetic: they exist so privacy tests have something not to leak.
  await insertRows(tx, 'household', [
    { name: 'id', type: 'bigint', value: (h) => shift(h.id, off.household) },
    { name: 'building_id', type: 'bigint', value: (h) => shift(h.building_id, off.building) },
    { name: 'unit', type: 'text', value: (h) => h.unit },
    { name: 'room', type: 'text', value: (h) => h.room },
    { name: 'tags', type: 'text', value: (h) => textArrayLiteral(h.tags), expr: '$::text[]' },
  ], d.households);
  await insertRows(tx, 'resident', [
    { name: 'id', type: 'bigint', value: (r) => shift(r.id, off.resident) },
    { name: 'household_id', type: 'bigint', value: (r) => shift(r.household_id, off.household) },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'id_number', type: 'text', value: (r) => r.id_number },
    { name: 'phone', type: 'text', value: (r) => r.phone },
    { name: 'relation', type: 'text', value: (r) => r.relation },
    { name: 'tags', type: 'text', value: (r) => textArrayLiteral(r.tags), expr: '$::text[]' },
  ], d.residents);

  await insertRows(tx, 'basemap_feature', [
    { name: 'id', type: 'bigint', value: (f) => shift(f.id, off.basemap) },
    { name: 'kind', type: 'text', value: (f) => f.kind },
    { name: 'name', type: 'text', value: (f) => f.name },
    { name: 'geom', type: 'text', value: (f) => wkt(f.geom), expr: GEOM },
  ], d.basemap);

  await insertRows(tx, 'grid', [
    { name: 'id', type: 'bigint', value: (g) => g.id },
    { name: 'valid_from', type: 'integer', value: () => d.generation },
    { name: 'code', type: 'text', value: (g) => g.code },
    { name: 'name', type: 'text', value: (g) => g.name },
    { name: 'level', type: 'smallint', value: (g) => g.level },
    { name: 'parent_id', type: 'bigint', value: (g) => g.parent_id },
    { name: 'geom', type: 'text', value: (g) => wkt(g.geom), expr: MULTI },
    { name: 'worker_id', type: 'bigint', value: (g) => staffId(g.worker_id) },
    { name: 'households', type: 'integer', value: (g) => g.households },
    { name: 'population', type: 'integer', value: (g) => g.population },
  ], d.grids);

  await insertRows(tx, 'event', [
    { name: 'id', type: 'bigint', value: (e) => shift(e.id, off.event) },
    { name: 'category', type: 'text', value: (e) => e.category },
    { name: 'subcategory', type: 'text', value: (e) => e.subcategory },
    { name: 'description', type: 'text', value: (e) => e.description },
    { name: 'source', type: 'text', value: (e) => e.source },
    { name: 'status', type: 'text', value: (e) => e.status },
    { name: 'geom', type: 'text', value: (e) => wkt(e.geom), expr: GEOM },
    { name: 'grid_ids', type: 'text', value: (e) => bigintArrayLiteral(e.grid_ids), expr: '$::bigint[]' },
    { name: 'grid_id', type: 'bigint', value: (e) => e.grid_id },
    { name: 'worker_id', type: 'bigint', value: (e) => staffId(e.worker_id) },
    { name: 'generation', type: 'integer', value: () => d.generation },
    { name: 'reported_at', type: 'timestamptz', value: (e) => e.reported_at },
    { name: 'due', type: 'text', value: (e) => JSON.stringify(e.due ?? {}), expr: '$::jsonb' },
    { name: 'closed_at', type: 'timestamptz', value: (e) => e.closed_at },
    { name: 'satisfaction', type: 'smallint', value: (e) => e.satisfaction },
  ], d.events);
  await insertRows(tx, 'event_reporter', [
    { name: 'event_id', type: 'bigint', value: (e) => shift(e.id, off.event) },
    { name: 'name', type: 'text', value: (e) => e.reporter?.name },
    { name: 'phone', type: 'text', value: (e) => e.reporter?.phone },
  ], d.events.filter((e) => e.reporter));
  type LogRow = District['events'][number]['log'][number] & { event_id: number };
  const logRows: LogRow[] = d.events.flatMap((e) => e.log.map((l) => ({ ...l, event_id: e.id })));
  const logColumns: Column<LogRow>[] = [
    { name: 'event_id', type: 'bigint', value: (l) => shift(l.event_id, off.event) },
    { name: 'from_status', type: 'text', value: (l) => l.from_status },
    { name: 'to_status', type: 'text', value: (l) => l.to_status },
    { name: 'actor', type: 'text', value: (l) => l.actor },
    { name: 'note', type: 'text', value: (l) => l.note },
    { name: 'at', type: 'timestamptz', value: (l) => l.at },
  ];
  await insertRows(tx, 'event_log', logColumns, logRows);

  // Explicit ids bypass the sequences; move each past the largest id so later inserts do not collide.
  for (const table of IDENTITIES) {
    await tx.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1), (select count(*) > 0 from ${table}))`);
  }
  await tx.query(`select setval('grid_id_seq', greatest((select max(id) from grid), 1), (select count(*) > 0 from grid))`);
}

function summarise(d: District, generateMs: number, writeMs: number): SeedSummary {
  const levels: number[] = [];
  for (const g of d.grids) levels[g.level - 1] = (levels[g.level - 1] ?? 0) + 1;
  let households = 0;
  let population = 0;
  for (const b of d.buildings) {
    households += b.households;
    population += b.population;
  }
  return {
    preset: d.preset,
    seed: d.seed,
    generation: d.generation,
    grids: Array.from(levels, (n) => n ?? 0),
    compounds: d.compounds.length,
    buildings: d.buildings.length,
    households,
    population,
    staff: d.staff.length,
    events: d.events.length,
    basemap: d.basemap.length,
    ms: generateMs + writeMs,
    generateMs,
    writeMs,
  };
}

/**
 * Generates the named preset and writes it into a database without grids. Throws on an unknown preset
 * (the message lists the known ones) and when grids or generations exist already.
 */
export async function seedPreset(db: Db, preset: string, options: SeedOptions = {}): Promise<SeedSummary> {
  assertKnownPreset(preset);
  const t0 = performance.now();
  const district = generateDistrict(preset, { seed: options.seed });
  const t1 = performance.now();
  await db.transaction(async (tx) => {
    if (options.reset) await truncateDemoTables(tx);
    const { rows } = await tx.query<{ n: number }>('select (select count(*) from grid) + (select count(*) from generation) as n');
    if (Number(rows[0].n) > 0) throw new Error('the database already has grids or generations; reset it first (npm run seed -- --reset)');
    await writeDistrict(tx, district);
  });
  const t2 = performance.now();
  return summarise(district, Math.round(t1 - t0), Math.round(t2 - t1));
}

/** First start: seeds `preset` when there are no grids yet; 'none' never seeds. */
export async function seedIfEmpty(db: Db, preset: string, options: SeedOptions = {}): Promise<SeedSummary | null> {
  if (preset === 'none') return null;
  assertKnownPreset(preset);
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from grid');
  return rows[0].n === 0 ? seedPreset(db, preset, options) : null;
}

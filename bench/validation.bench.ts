// Coverage validation benchmarks (issue #3): `npx tsx bench/validation.bench.ts [--city] [--runs=N]`.
//
// On the maigaoqiao preset (13 + 255 + 3,052 grids, plus buildings), in one run:
//   - the TypeScript core, full validation;
//   - the PostGIS check, for a posted coverage and for the stored current generation, on PostgreSQL
//     (WANGGE_BENCH_PG_URL, default the local postgres) and on PGlite;
//   - references: naive pairwise ST_Intersection + ST_Difference(parent, ST_Union(children)) over every
//     group, and on PGlite (PostGIS 3.6) ST_CoverageInvalidEdges over the same coverage;
//   - the editor's incremental single-grid check (p50 / p99), per level, for a vertex drag and a 20 m shift.
// --city adds the city preset (full validation in the core and on PostgreSQL). Timings are wall clock
// after warm-up, and CPU time (this process plus the PostgreSQL backend), which a busy shared machine
// disturbs less; the load average is printed too.
import os from 'node:os';
import fs from 'node:fs';
import pg from 'pg';
import { generateDistrict } from '../server/demo/district.generator.ts';
import type { Db } from '../server/db/db.ts';
import { openPg } from '../server/db/pg.db.ts';
import { openPglite } from '../server/db/pglite.db.ts';
import { migrate } from '../server/db/migrate.ts';
import type { BuildingInput, GridInput } from '../server/geometry/coverage.types.ts';
import { prepareCoverage, validateCoverage } from '../server/geometry/coverage.validate.ts';
import { validateGridEdit } from '../server/geometry/grid-edit.validate.ts';
import { validateCoverageSql, validateCurrentSql } from '../server/validation/coverage.sql.ts';
import { multiPolygonWkbHex } from '../server/validation/wkb.encode.ts';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 7);
const withCity = args.includes('--city');
const pgUrl = process.env.WANGGE_BENCH_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: os.cpus().length, loadavg_start: os.loadavg() };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** CPU milliseconds of the PostgreSQL backend serving this benchmark (its /proc entry; 0 when unknown) */
let backendCpu: () => number = () => 0;

async function time(label: string, fn: () => unknown, n = runs, warm = 1): Promise<{ p50: number; p99: number; min: number }> {
  for (let i = 0; i < warm; i++) await fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const b = backendCpu();
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000 + backendCpu() - b);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const r = { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), min: ms[0], cpu_p50: percentile(cpu, 0.5) };
  console.log(
    `${label.padEnd(64)} p50 ${r.p50.toFixed(0).padStart(6)} ms   p99 ${r.p99.toFixed(0).padStart(6)} ms   min ${r.min.toFixed(0).padStart(6)} ms   cpu p50 ${r.cpu_p50.toFixed(0).padStart(6)} ms   (n=${n})`,
  );
  results[label] = r;
  return r;
}

/** user + system CPU of a process in ms, from /proc (Linux) */
function procCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return 0;
  }
}

function loadPreset(name: string): { grids: GridInput[]; buildings: BuildingInput[] } {
  const t = performance.now();
  const d = generateDistrict(name);
  const grids: GridInput[] = d.grids.map((g) => ({ id: g.id, level: g.level, parent_id: g.parent_id, geometry: g.geom, worker_id: g.worker_id, name: g.name }));
  const buildings: BuildingInput[] = d.buildings.map((b) => ({ id: b.id, lon: b.geom.coordinates[0], lat: b.geom.coordinates[1], households: b.households }));
  const counts = [1, 2, 3, 4].map((l) => grids.filter((g) => g.level === l).length).filter(Boolean);
  console.log(`\n${name}: ${counts.join(' + ')} grids, ${buildings.length} buildings (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return { grids, buildings };
}

/** the grids and buildings as generation 1 of an empty database, for the current-generation check */
async function store(db: Db, grids: GridInput[], buildings: BuildingInput[]): Promise<void> {
  await db.exec(`delete from building; delete from grid; delete from generation; insert into generation (id, note) values (1, 'bench')`);
  const codes = new Map<GridInput['id'], string>();
  const seq = new Map<string, number>();
  const ordered = [...grids].sort((a, b) => a.level - b.level);
  for (const g of ordered) {
    const prefix = g.parent_id === null ? '320106001' : codes.get(g.parent_id)!;
    seq.set(prefix, (seq.get(prefix) ?? 0) + 1);
    codes.set(g.id, prefix + String(seq.get(prefix)).padStart(3, '0'));
  }
  const polygons = (g: GridInput) => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as [number, number][][][];
  for (let i = 0; i < ordered.length; i += 500) {
    const rows = ordered.slice(i, i + 500).map((g) => ({ id: g.id, code: codes.get(g.id), level: g.level, parent_id: g.parent_id, wkb: multiPolygonWkbHex(polygons(g)) }));
    await db.query(
      `insert into grid (id, valid_from, code, name, level, parent_id, geom)
       select id, 1, code, 'g' || id, level, parent_id, ST_GeomFromWKB(decode(wkb, 'hex'), 4326)
       from json_to_recordset($1::json) as r(id bigint, code text, level smallint, parent_id bigint, wkb text)`,
      [JSON.stringify(rows)],
    );
  }
  for (let i = 0; i < buildings.length; i += 20_000)
    await db.query(
      `insert into building (id, name, households, geom)
       select id, 'b' || id, households, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
       from json_to_recordset($1::json) as r(id bigint, households integer, lon double precision, lat double precision)`,
      [JSON.stringify(buildings.slice(i, i + 20_000))],
    );
  await db.exec('analyze grid; analyze building');
}

const naiveSql = `
  select
    (select count(*) from grid a join grid b on a.parent_id is not distinct from b.parent_id and a.id < b.id and a.geom && b.geom
      where a.valid_to is null and b.valid_to is null and not ST_IsEmpty(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3))) overlap_pairs,
    (select count(*) from (
      select ST_Difference(p.geom, ST_Union(c.geom)) d from grid p join grid c on c.parent_id = p.id
      where p.valid_to is null and c.valid_to is null group by p.id, p.geom) s where not ST_IsEmpty(d)) gap_groups`;

const coverageEdgesSql = `
  select count(e) from (select ST_CoverageInvalidEdges(geom, 0) over (partition by parent_id) e from grid where valid_to is null) s`;

async function benchDb(label: string, db: Db, grids: GridInput[], buildings: BuildingInput[], n: number) {
  if (db.backend === 'postgis') await db.exec('set jit = off');
  await time(`${label}: PostGIS check, posted coverage`, () => validateCoverageSql(db, grids, buildings), n);
  await store(db, grids, buildings);
  const current = await validateCurrentSql(db);
  if (!current.valid) console.log(`  (current generation has ${current.issues.filter((i) => i.severity === 'error').length} errors)`);
  await time(`${label}: PostGIS check, stored current generation`, () => validateCurrentSql(db), n);
  if (db.capabilities.coverage) await time(`${label}: same check, 3.3 path (boundary chain, no ST_Coverage*)`, () => validateCurrentSql(db, { filter: 'chain' }), n);
  await reference(`${label}: reference — naive pairwise ST_Intersection + ST_Difference(parent, ST_Union)`, () => db.query(naiveSql), Math.min(n, 3));
  if (db.capabilities.coverage) await reference(`${label}: reference — ST_CoverageInvalidEdges over (partition by parent)`, () => db.query(coverageEdgesSql), n);
}

/** a reference query may fail on a backend (PGlite's GEOS on the naive overlay): say so and go on */
async function reference(label: string, fn: () => Promise<unknown>, n: number) {
  try {
    await time(label, fn, n, 0);
  } catch (error) {
    console.log(`${label.padEnd(64)} failed: ${(error as Error).message.slice(0, 120)}`);
    results[label] = { failed: (error as Error).message };
  }
}

function benchIncremental(grids: GridInput[]) {
  const coverage = prepareCoverage(grids);
  const polygons = (g: GridInput) => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as [number, number][][][];
  const edits: Record<string, (g: GridInput) => GridInput['geometry']> = {
    'drag one vertex 10 m': (g) => {
      const copy = structuredClone(polygons(g));
      const ring = copy[0][0];
      const k = Math.floor(ring.length / 3);
      ring[k] = [ring[k][0] + 10 / 94_400, ring[k][1] + 10 / 111_000];
      if (k === 0) ring[ring.length - 1] = ring[0];
      return { type: 'MultiPolygon', coordinates: copy };
    },
    'shift the whole grid 20 m': (g) => ({ type: 'MultiPolygon', coordinates: polygons(g).map((p) => p.map((r) => r.map(([x, y]) => [x + 20 / 94_400, y] as [number, number]))) }),
  };
  for (const [name, edit] of Object.entries(edits))
    for (const level of [1, 2, 3]) {
      const atLevel = grids.filter((g) => g.level === level);
      const sample = atLevel.filter((_, i) => i % Math.max(1, Math.floor(atLevel.length / 60)) === 0);
      const inputs = sample.map((g) => [g.id, edit(g)] as const);
      for (const [id, geometry] of inputs) validateGridEdit(coverage, id, geometry); // warm-up
      const ms: number[] = [];
      for (let round = 0; round < 3; round++)
        for (const [id, geometry] of inputs) {
          const t = performance.now();
          validateGridEdit(coverage, id, geometry);
          ms.push(performance.now() - t);
        }
      ms.sort((a, b) => a - b);
      const label = `incremental check, level ${level}, ${name}`;
      results[label] = { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
      console.log(`${label.padEnd(64)} p50 ${percentile(ms, 0.5).toFixed(1).padStart(6)} ms   p99 ${percentile(ms, 0.99).toFixed(1).padStart(6)} ms   (n=${ms.length})`);
    }
}

async function withPg<T>(fn: (db: Db) => Promise<T>): Promise<T | null> {
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch {
    console.log(`(PostgreSQL at ${pgUrl} not reachable: skipped)`);
    return null;
  }
  const name = `wangge_bench_validation_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  // one connection, so that one backend process does all the work and its CPU time can be read
  const db = await openPg(url.toString(), 1);
  try {
    await migrate(db);
    const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() pid');
    backendCpu = () => procCpuMs(rows[0].pid);
    return await fn(db);
  } finally {
    backendCpu = () => 0;
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const maigaoqiao = loadPreset('maigaoqiao');
const check = validateCoverage(maigaoqiao.grids, maigaoqiao.buildings);
console.log(`core says: valid=${check.valid}, ${check.issues.length} issues (${check.issues.filter((i) => i.severity === 'error').length} errors)`);
await time('maigaoqiao: TypeScript core, full validation (grids + buildings)', () => validateCoverage(maigaoqiao.grids, maigaoqiao.buildings), runs, 2);
await time('maigaoqiao: TypeScript core, geometry only (no buildings)', () => validateCoverage(maigaoqiao.grids), runs, 1);
benchIncremental(maigaoqiao.grids);
await withPg((db) => benchDb('maigaoqiao PostgreSQL ' + db.capabilities.postgis, db, maigaoqiao.grids, maigaoqiao.buildings, runs));
{
  const db = await openPglite();
  await migrate(db);
  await benchDb('maigaoqiao PGlite ' + db.capabilities.postgis, db, maigaoqiao.grids, maigaoqiao.buildings, Math.max(3, Math.ceil(runs / 2)));
  await db.close();
}
if (withCity) {
  const city = loadPreset('city');
  await time('city: TypeScript core, full validation (grids + buildings)', () => validateCoverage(city.grids, city.buildings), 3, 1);
  await withPg(async (db) => {
    await db.exec('set jit = off');
    await store(db, city.grids, city.buildings);
    await time('city PostgreSQL: PostGIS check, stored current generation', () => validateCurrentSql(db), 3, 1);
  });
}
results.loadavg_end = os.loadavg();
console.log(`\nload average at start ${(results.loadavg_start as number[]).map((l) => l.toFixed(1)).join(' ')}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL(`./results/validation-${Date.now()}.json`, import.meta.url), JSON.stringify(results, null, 2));

// The authoritative check in PostGIS (GEOS), with the same semantics and the same output as the TypeScript
// core (server/geometry/coverage.validate.ts): a test holds them to agreeing on the demo presets and on
// perturbed copies. The coverage is put in a temporary table — a posted one, the published generation or
// a plan's grids — and checked there:
//   1. invalid geometry: ST_IsValidDetail, then ST_MakeValid for the rest of the check;
//   2. which sibling groups can be wrong at all: the boundary chain (every oriented edge of the children
//      cancels against a neighbour's or the parent's), or on PostGIS ≥ 3.4 ST_CoverageInvalidEdges plus
//      ST_CoverageUnion compared with the parent; the top level is always checked;
//   3. only in those groups: GiST candidate pairs (a.geom && b.geom, a before b) → ST_Intersection;
//      ST_Difference(parent, ST_Union(children)); ST_Difference(child, parent); holes of the top-level union;
//   4. overlays snap-rounded to the core's snap distance (gridSize 1e-9°), so that edges meeting within
//      it are one edge in both engines; pieces thinner or smaller than the noise floor dropped, the rest
//      measured on the spheroid.
import type { Db, Queryable } from '../db/db.ts';
import {
  noise,
  resolveOptions,
  type BuildingInput,
  type GridId,
  type GridInput,
  type Issue,
  type Position2,
  type ValidationOptions,
  type ValidationResult,
} from '../geometry/coverage.types.ts';
import { gridKey, invalidGeometryIssues, minBorderM, prepareCoverage, result, type PreparedCoverage } from '../geometry/coverage.validate.ts';
import { factIssues, uncoveredBuildingIssues, type GridFacts } from '../geometry/households.validate.ts';
import { multiPolygonWkbHex } from './wkb.encode.ts';

export type DirtyFilter = 'chain' | 'coverage';

export interface SqlValidationOptions extends ValidationOptions {
  /** how to find the groups worth a full overlay; default: 'coverage' when PostGIS has ST_Coverage*, else 'chain' */
  filter?: DirtyFilter;
}

const createTables = `
  create temp table vgrid (
    key text primary key, ord integer not null, level integer not null, parent_key text,
    geom geometry(MultiPolygon, 4326) not null, worker text, households integer, leaf boolean
  ) on commit drop;
  create temp table vbuilding (key text, geom geometry(Point, 4326) not null, households integer not null) on commit drop;
  create temp table vpiece (id serial primary key, type text not null, ka text, kb text, parent_key text, geom geometry(Polygon, 4326) not null) on commit drop;
`;

/** Validates a posted coverage (not stored) in PostGIS. */
export async function validateCoverageSql(
  db: Db,
  input: readonly GridInput[] | PreparedCoverage,
  buildings: readonly BuildingInput[] | null = null,
  options: SqlValidationOptions = {},
): Promise<ValidationResult> {
  const coverage = 'byKey' in input ? input : prepareCoverage(input);
  // What is wrong before any geometry engine can look (NaN, out of range, unclosed or too short rings)
  // is reported by the shared reader; unusable coordinates are left out as the core leaves them out, an
  // unclosed ring goes to GEOS closed. Topology (self-intersection, nesting) is GEOS's own finding.
  const structural = coverage.grids.filter((g) => !g.geometry.validity.valid && g.geometry.validity.structural).flatMap((g) => invalidGeometryIssues(g));
  const rows = coverage.grids
    .filter((g) => g.geometry.normalized.length > 0)
    .map((g) => ({
      key: g.key,
      ord: g.order,
      level: g.grid.level,
      parent_key: g.grid.parent_id === null || g.grid.parent_id === undefined ? null : gridKey(g.grid.parent_id),
      wkb: multiPolygonWkbHex(g.geometry.normalized),
      worker: g.grid.worker_id === null || g.grid.worker_id === undefined ? null : String(g.grid.worker_id),
      households: typeof g.grid.households === 'number' ? g.grid.households : null,
    }));
  const ids = new Map<string, GridId>(coverage.grids.map((g) => [g.key, g.grid.id]));
  return db.transaction(async (tx) => {
    await tx.exec(createTables);
    await tx.query(
      `insert into vgrid (key, ord, level, parent_key, geom, worker, households)
       select key, ord, level, parent_key, ST_GeomFromWKB(decode(wkb, 'hex'), 4326), worker, households
       from json_to_recordset($1::json) as r(key text, ord integer, level integer, parent_key text, wkb text, worker text, households integer)`,
      [JSON.stringify(rows)],
    );
    if (buildings)
      await tx.query(
        `insert into vbuilding (key, geom, households)
         select key, ST_SetSRID(ST_MakePoint(lon, lat), 4326), households
         from json_to_recordset($1::json) as r(key text, lon double precision, lat double precision, households integer)`,
        [JSON.stringify(buildings.map((b) => ({ key: gridKey(b.id), lon: b.lon, lat: b.lat, households: b.households })))],
      );
    const buildingIds = new Map<string, BuildingInput>((buildings ?? []).map((b) => [gridKey(b.id), b]));
    const issues = await checkTables(tx, db, (key) => ids.get(key) ?? key, buildings !== null, buildingIds, options);
    return result([...structural, ...issues]);
  });
}

/** Validates the published grids (the current generation) against the stored buildings. */
export async function validateCurrentSql(db: Db, options: SqlValidationOptions = {}): Promise<ValidationResult> {
  return validateSelectedSql(db, currentGridsSql, currentBuildingsSql, options);
}

/** the published generation, in the selection shape validateSelectedSql takes */
export const currentGridsSql = `select id::text as key, level, parent_id::text as parent_key, geom, worker_id::text as worker, households from grid where valid_to is null`;
export const currentBuildingsSql = `select id::text as key, geom, households from building`;

/**
 * Validates whatever a query selects (for plans): `gridsSql` returns key, level, parent_key, geom, worker,
 * households; `buildingsSql` (optional) key, geom, households. Both are trusted SQL from our own code.
 */
export async function validateSelectedSql(db: Db, gridsSql: string, buildingsSql: string | null, options: SqlValidationOptions = {}, params: unknown[] = []): Promise<ValidationResult> {
  return db.transaction(async (tx) => {
    await tx.exec(createTables);
    await tx.query(
      `insert into vgrid (key, ord, level, parent_key, geom, worker, households)
       select key, (row_number() over (order by level, key))::integer, level, parent_key, ST_Multi(geom), worker, households from (${gridsSql}) s`,
      params,
    );
    if (buildingsSql) await tx.query(`insert into vbuilding (key, geom, households) select key, geom, households from (${buildingsSql}) s`, params);
    const buildings = new Map<string, BuildingInput>();
    if (buildingsSql) {
      const { rows } = await tx.query<{ key: string; lon: number; lat: number; households: number }>(
        `select key, ST_X(geom) lon, ST_Y(geom) lat, households from vbuilding`,
      );
      for (const r of rows) buildings.set(r.key, { id: toId(r.key), lon: r.lon, lat: r.lat, households: r.households });
    }
    return result(await checkTables(tx, db, toId, buildingsSql !== null, buildings, options));
  });
}

/** stored ids are bigint: give them back as numbers */
const toId = (key: string): GridId => (/^-?\d+$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : key);

interface PieceRow {
  id: number;
  type: 'overlap' | 'gap' | 'outside_parent';
  ka: string | null;
  kb: string | null;
  parent_key: string | null;
  area: number;
  geometry: string;
  px: number;
  py: number;
}

async function checkTables(
  tx: Queryable,
  db: Db,
  idOf: (key: string) => GridId,
  haveBuildings: boolean,
  buildings: Map<string, BuildingInput>,
  options: SqlValidationOptions,
): Promise<Issue[]> {
  const opts = resolveOptions(options);
  const filter: DirtyFilter = options.filter ?? (db.capabilities.coverage ? 'coverage' : 'chain');
  // A parent that is not in the set makes its children top-level, as in the core.
  // JIT compilation costs more than these queries run (seconds on a busy machine); PGlite has none.
  if (db.backend === 'postgis') await tx.exec(`set local jit = off`);
  // the edge sums of a whole street fit in memory; the default 4 MB spills them to disk
  await tx.exec(`set local work_mem = '64MB'`);
  await tx.exec(`
    create index on vbuilding using gist (geom);
    analyze vbuilding;
    update vgrid c set parent_key = null where parent_key is not null and not exists (select 1 from vgrid p where p.key = c.parent_key);
    update vgrid c set leaf = not exists (select 1 from vgrid k where k.parent_key = c.key);
    create index on vgrid using gist (geom);
    create index on vgrid (parent_key);
    analyze vgrid;
  `);
  const issues: Issue[] = [];

  const invalid = await tx.query<{ key: string; parent_key: string | null; reason: string; px: number | null; py: number | null; area: number }>(`
    select key, parent_key, (d).reason, ST_X((d).location) px, ST_Y((d).location) py, ST_Area(geom::geography) area
    from (select key, parent_key, geom, ST_IsValidDetail(geom) d from vgrid offset 0) s where not (d).valid`);
  for (const r of invalid.rows) {
    const point: Position2 | null = r.px === null || r.py === null ? null : [r.px, r.py];
    issues.push({
      type: 'invalid_geometry', severity: 'error', grids: [idOf(r.key)], parent_id: r.parent_key === null ? null : idOf(r.parent_key),
      area_m2: r.area, geometry: point ? { type: 'Point', coordinates: point } : null, point, reason: r.reason,
    });
  }
  if (invalid.rows.length)
    await tx.exec(`update vgrid set geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) where not ST_IsValid(geom)`);

  const dirty = await dirtyGroups(tx, filter);
  await tx.query(
    `insert into vpiece (type, ka, kb, parent_key, geom)
     select 'overlap', a.key, b.key, a.parent_key, (ST_Dump(ST_CollectionExtract(ST_Intersection(a.geom, b.geom, $2::float8), 3))).geom
     from vgrid a join vgrid b on a.parent_key is not distinct from b.parent_key and a.ord < b.ord and a.geom && b.geom
     where (a.parent_key is null or a.parent_key = any($1)) and ST_Relate(a.geom, b.geom, '2********')`,
    [dirty, noise.snapDegrees],
  );
  await tx.query(
    `insert into vpiece (type, parent_key, geom)
     select 'gap', key, (ST_Dump(ST_CollectionExtract(ST_Difference(geom, covered, $2::float8), 3))).geom
     from (select p.key, p.geom, ST_Union(c.geom, $2::float8) covered from vgrid p join vgrid c on c.parent_key = p.key where p.key = any($1) group by p.key, p.geom) g`,
    [dirty, noise.snapDegrees],
  );
  await tx.query(
    `insert into vpiece (type, ka, parent_key, geom)
     select 'outside_parent', c.key, c.parent_key, (ST_Dump(ST_CollectionExtract(ST_Difference(c.geom, p.geom, $2::float8), 3))).geom
     from vgrid c join vgrid p on p.key = c.parent_key
     where p.key = any($1) and not ST_CoveredBy(c.geom, p.geom)`,
    [dirty, noise.snapDegrees],
  );
  // Holes of the top-level union: the union with every polygon's holes filled, minus the union.
  await tx.query(
    `insert into vpiece (type, parent_key, geom)
    select 'gap', null, (ST_Dump(ST_CollectionExtract(ST_Difference(f.filled, u.g, $1::float8), 3))).geom
    from (select ST_Union(geom, $1::float8) g from vgrid where parent_key is null) u,
         lateral (select ST_Union(ST_MakePolygon(ST_ExteriorRing(d.geom)), $1::float8) filled from ST_Dump(u.g) d) f
    where u.g is not null`,
    [noise.snapDegrees],
  );

  const pieces = await tx.query<PieceRow>(
    `select id, type, ka, kb, parent_key, area, ST_AsGeoJSON(geom, 15) geometry, ST_X(p) px, ST_Y(p) py
     from (select *, ST_Area(geom::geography) area, ST_Perimeter(geom::geography) perimeter, ST_PointOnSurface(geom) p from vpiece
           -- flat in lon/lat (a vertex on its neighbour's straight edge): geodesic edges would give the
           -- sliver between them an area of its own, but the grids do meet
           where 2 * ST_Area(geom) >= $3 * ST_Perimeter(geom)) s
     where area >= $1 and (perimeter = 0 or 2 * area / perimeter >= $2)`,
    [noise.areaM2, noise.widthM, noise.snapDegrees],
  );
  const gapIds = pieces.rows.filter((p) => p.type === 'gap').map((p) => p.id);
  const neighbours = new Map<number, { key: string; length: number }[]>();
  if (gapIds.length) {
    // Which children border each gap, and how long: the gap's edges whose midpoint lies on the child's boundary.
    const { rows } = await tx.query<{ id: number; key: string; length: number }>(
      `select pc.id, c.key, sum(ST_Length(s.geom::geography)) length
       from vpiece pc cross join lateral ST_DumpSegments(pc.geom) s
       join vgrid c on c.parent_key is not distinct from pc.parent_key and c.geom && pc.geom
       where pc.id = any($1) and ST_DWithin(ST_Boundary(c.geom), ST_LineInterpolatePoint(s.geom, 0.5), $2)
       group by pc.id, c.key`,
      [gapIds, noise.snapDegrees],
    );
    for (const r of rows) {
      if (r.length <= minBorderM) continue;
      const list = neighbours.get(r.id) ?? [];
      list.push({ key: r.key, length: r.length });
      neighbours.set(r.id, list);
    }
  }
  for (const p of pieces.rows) {
    const grids =
      p.type === 'gap'
        ? (neighbours.get(p.id) ?? []).sort((a, b) => b.length - a.length).map((n) => idOf(n.key))
        : [p.ka, p.kb].filter((k): k is string => k !== null).map(idOf);
    issues.push({
      type: p.type, severity: p.area > opts.min_area_m2 ? 'error' : 'warning', grids,
      parent_id: p.parent_key === null ? null : idOf(p.parent_key), area_m2: p.area,
      geometry: JSON.parse(p.geometry), point: [p.px, p.py],
    });
  }

  if (haveBuildings) {
    // One spatial join for both questions; grids on the outside of the loop, so each grid's geometry is
    // prepared once for all its buildings.
    await tx.exec(`
      create temp table vcover on commit drop as
      select g.key gkey, g.leaf, b.key bkey, b.households from vgrid g join vbuilding b on b.geom && g.geom and ST_Intersects(g.geom, b.geom)`);
    const uncovered = await tx.query<{ key: string }>(`select key from vbuilding except select bkey from vcover where leaf`);
    issues.push(...uncoveredBuildingIssues(uncovered.rows.map((r) => buildings.get(r.key)!).filter(Boolean)));
  }
  const facts = await tx.query<{ key: string; level: number; parent_key: string | null; worker: string | null; households: number | null; leaf: boolean }>(
    haveBuildings
      ? `select g.key, g.level, g.parent_key, g.worker, g.leaf, coalesce(h.households, 0)::integer households
         from vgrid g left join (select gkey, sum(households) households from vcover group by gkey) h on h.gkey = g.key`
      : `select key, level, parent_key, worker, leaf, households from vgrid`,
  );
  const gridFacts: GridFacts[] = facts.rows.map((r) => ({
    id: idOf(r.key), level: r.level, parent_id: r.parent_key === null ? null : idOf(r.parent_key), worker_id: r.worker,
    households: r.households, leaf: r.leaf, area_m2: 0, point: null,
  }));
  const attributes = factIssues(gridFacts, opts);
  // area and a point to zoom to, only for the grids that have something to say
  const keyOf = new Map(facts.rows.map((r) => [String(idOf(r.key)), r.key]));
  const flagged = [...new Set(attributes.map((i) => keyOf.get(String(i.grids[0]))!))];
  if (flagged.length) {
    const { rows } = await tx.query<{ key: string; area: number; px: number; py: number }>(
      `select key, ST_Area(geom::geography) area, ST_X(p) px, ST_Y(p) py from (select key, geom, ST_PointOnSurface(geom) p from vgrid where key = any($1)) s`,
      [flagged],
    );
    const measured = new Map(rows.map((r) => [r.key, r]));
    for (const issue of attributes) {
      const m = measured.get(keyOf.get(String(issue.grids[0]))!);
      if (m) Object.assign(issue, { area_m2: m.area, point: [m.px, m.py] });
    }
  }
  issues.push(...attributes);
  return issues;
}

/** the keys of the parents whose children are not proven to tile them exactly */
async function dirtyGroups(tx: Queryable, filter: DirtyFilter): Promise<string[]> {
  if (filter === 'coverage') {
    // ST_CoverageInvalidEdges finds overlaps and edges that do not match (not gaps); when none, the
    // coverage union is exact and comparing it with the parent finds gaps and outside parts.
    const { rows } = await tx.query<{ key: string }>(`
      with edges as (
        select parent_key, ST_CoverageInvalidEdges(geom, 0) over (partition by parent_key) e from vgrid where parent_key is not null
      ), bad as (select distinct parent_key from edges where e is not null),
      unions as (
        select parent_key, ST_CoverageUnion(geom) u from vgrid where parent_key is not null and parent_key not in (select parent_key from bad) group by parent_key
      )
      select parent_key as key from bad
      union
      select u.parent_key from unions u join vgrid p on p.key = u.parent_key where not ST_Equals(ST_SetSRID(u.u, 4326), p.geom)`);
    return rows.map((r) => r.key);
  }
  // Segments keyed by their two ends in a canonical order; `rising` tells a segment from the other
  // diagonal of the same box. Counted +1 along a child's ring, −1 along the parent's; all must cancel.
  const { rows } = await tx.query<{ key: string }>(`
    with ends as (
      select r.grp, r.w, ST_X(ST_StartPoint(s.geom)) x1, ST_Y(ST_StartPoint(s.geom)) y1, ST_X(ST_EndPoint(s.geom)) x2, ST_Y(ST_EndPoint(s.geom)) y2
      from (select parent_key as grp, 1 as w, geom from vgrid where parent_key is not null
            union all
            select key, -1, geom from vgrid where not leaf) r,
           ST_DumpSegments(ST_ForcePolygonCCW(r.geom)) s
    )
    select distinct grp as key from (
      select grp, sum(case when x1 < x2 or (x1 = x2 and y1 < y2) then w else -w end) net
      from ends
      group by grp, least(x1, x2), least(y1, y2), greatest(x1, x2), greatest(y1, y2), (x2 - x1) * (y2 - y1) > 0
    ) t where net <> 0`);
  return rows.map((r) => r.key);
}

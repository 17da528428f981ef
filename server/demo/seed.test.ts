// The demo seed as the database sees it, on every backend: exact coverage at every level, buildings
// strictly inside one grid per level, aggregates that add up, staff wiring, events on their grid chain,
// ids and sequences that later writes can rely on, reset and determinism.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../db/db.ts';
import { backends, closeTestDbs, openTestDb, pgUrl } from '../../test/helpers/db.ts';
import { resetDemoData, seedIfEmpty, seedPreset, type SeedSummary } from './seed.ts';

/** Parents whose children do not cover them exactly (geodesic m² of the symmetric difference). */
async function parentMismatches(db: Queryable) {
  const { rows } = await db.query<{ id: number; m2: number }>(
    `select p.id, ST_Area(ST_SymDifference(p.geom, ST_Union(c.geom))::geography) as m2
       from grid p join grid c on c.parent_id = p.id and c.valid_to is null
      where p.valid_to is null
      group by p.id, p.geom
     having ST_Area(ST_SymDifference(p.geom, ST_Union(c.geom))::geography) >= 1e-6`,
  );
  return rows;
}

/** Grids above the deepest level that have no children. */
async function childlessParents(db: Queryable) {
  const { rows } = await db.query<{ id: number }>(
    `select p.id from grid p
      where p.valid_to is null and p.level < (select max(level) from grid where valid_to is null)
        and not exists (select 1 from grid c where c.parent_id = p.id and c.valid_to is null)`,
  );
  return rows;
}

/** Sibling pairs (same parent, or both top level) sharing any area; GiST candidates first. */
async function siblingOverlaps(db: Queryable) {
  const { rows } = await db.query<{ a: number; b: number; m2: number }>(
    `select a.id as a, b.id as b, ST_Area(ST_Intersection(a.geom, b.geom)::geography) as m2
       from grid a join grid b
         on a.id < b.id and a.level = b.level and a.parent_id is not distinct from b.parent_id and a.geom && b.geom
      where a.valid_to is null and b.valid_to is null and ST_Area(ST_Intersection(a.geom, b.geom)) > 0`,
  );
  return rows;
}

/** Buildings not strictly inside exactly one grid of some level (touching a boundary counts as two). */
async function misplacedBuildings(db: Queryable) {
  const { rows } = await db.query<{ id: number; level: number; inside: number; touching: number }>(
    `select b.id, l.level,
            count(g.id) filter (where ST_Contains(g.geom, b.geom))::int as inside,
            count(g.id)::int as touching
       from building b
       cross join (select distinct level from grid where valid_to is null) l
       left join grid g on g.valid_to is null and g.level = l.level and ST_Intersects(g.geom, b.geom)
      group by b.id, l.level
     having count(g.id) filter (where ST_Contains(g.geom, b.geom)) <> 1 or count(g.id) <> 1`,
  );
  return rows;
}

async function invalidGeometries(db: Queryable) {
  const { rows } = await db.query<{ t: string; id: number; reason: string }>(
    `select 'grid' as t, id, ST_IsValidReason(geom) as reason from grid where not ST_IsValid(geom)
     union all select 'compound', id, ST_IsValidReason(geom) from compound where not ST_IsValid(geom)
     union all select 'basemap', id, ST_IsValidReason(geom) from basemap_feature where not ST_IsValid(geom)
     union all select 'footprint', id, ST_IsValidReason(footprint) from building where footprint is not null and not ST_IsValid(footprint)`,
  );
  return rows;
}

/** A digest of everything generated, to compare two seeds without holding the rows. */
async function digest(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ d: string }>(
    `select md5(
       (select string_agg(id || code || name || worker_id || households || ST_AsText(geom), '|' order by id) from grid) ||
       (select string_agg(id || name || coalesce(address, '') || households || ST_AsText(geom), '|' order by id) from building) ||
       (select string_agg(id || category || status || reported_at::text || ST_AsText(geom), '|' order by id) from event) ||
       (select string_agg(id || name || coalesce(public_phone, ''), '|' order by id) from staff)) as d`,
  );
  return rows[0].d;
}

/** Checks every preset must pass; `exact` runs the geometric ones too. */
function describeCoverage(ctx: { db: Db }) {
  it('children cover every parent exactly, and every parent has children', async () => {
    expect(await parentMismatches(ctx.db)).toEqual([]);
    expect(await childlessParents(ctx.db)).toEqual([]);
  });

  it('the communities cover the street outline exactly', async () => {
    const { rows } = await ctx.db.query<{ m2: number; outline: number }>(
      `select ST_Area(ST_SymDifference(s.geom, u.geom)::geography) as m2, ST_Area(s.geom::geography) as outline
         from (select ST_Union(geom) as geom from basemap_feature where kind = 'boundary') s,
              (select ST_Union(geom) as geom from grid where level = 1 and valid_to is null) u`,
    );
    expect(rows[0].outline).toBeGreaterThan(0);
    expect(rows[0].m2).toBeLessThan(1e-6);
  });

  it('siblings never share area', async () => {
    expect(await siblingOverlaps(ctx.db)).toEqual([]);
  });

  it('every building is strictly inside exactly one grid at every level', async () => {
    expect(await misplacedBuildings(ctx.db)).toEqual([]);
  });

  it('all geometries are valid', async () => {
    expect(await invalidGeometries(ctx.db)).toEqual([]);
  });
}

function describeAggregates(ctx: { db: Db }) {
  it("grid households and population are the sums of the residential buildings inside", async () => {
    const { rows } = await ctx.db.query<{ id: number }>(
      `select g.id from grid g
         left join lateral (select coalesce(sum(households), 0) as h, coalesce(sum(population), 0) as p
                              from building b where b.kind = 'residential' and ST_Contains(g.geom, b.geom)) s on true
        where g.valid_to is null and (g.households <> s.h or g.population <> s.p)`,
    );
    expect(rows).toEqual([]);
  });

  it('codes follow the unit-grid scheme: 12 digits for a community, 3 more per level, prefixed by the parent', async () => {
    const { rows } = await ctx.db.query<{ id: number }>(
      `select c.id from grid c left join grid p on p.id = c.parent_id and p.valid_to is null
        where c.valid_to is null
          and not (length(c.code) = 9 + 3 * c.level and (c.parent_id is null or (c.code like p.code || '%' and c.level = p.level + 1)))`,
    );
    expect(rows).toEqual([]);
  });

  it('a grid worker on every level-2 grid and a grid leader on every community, with private rows apart', async () => {
    const { rows } = await ctx.db.query<{ level: number; role: string | null; n: number }>(
      `select g.level, s.role, count(*)::int as n from grid g left join staff s on s.id = g.worker_id
        where g.valid_to is null and g.level <= 2 group by g.level, s.role order by g.level`,
    );
    expect(rows.map((r) => [r.level, r.role])).toEqual([
      [1, 'grid_leader'],
      [2, 'grid_worker'],
    ]);
    const { rows: staff } = await ctx.db.query<{ missing: number; phones: number }>(
      `select count(*) filter (where p.staff_id is null)::int as missing,
              count(*) filter (where s.public_phone !~ '^1[0-9]{10}$')::int as phones
         from staff s left join staff_private p on p.staff_id = s.id`,
    );
    expect(staff[0]).toEqual({ missing: 0, phones: 0 });
  });

  // A patrol report comes from the worker, so only app and hotline events carry a reporter's contact.
  it('events sit in their grid chain, go to that grid’s worker and log every transition', async () => {
    const { rows } = await ctx.db.query<{ bad: number; n: number; statuses: number; unlogged: number }>(
      `select count(*)::int as n,
              count(distinct e.status)::int as statuses,
              count(*) filter (where e.grid_id <> e.grid_ids[array_length(e.grid_ids, 1)]
                                  or not ST_Contains(g.geom, e.geom)
                                  or e.worker_id is distinct from l2.worker_id
                                  or e.generation <> 1)::int as bad,
              count(*) filter (where (select count(*) from event_log x where x.event_id = e.id and x.to_status = e.status) = 0
                                  or (e.source <> 'patrol' and not exists (select 1 from event_reporter r where r.event_id = e.id)))::int as unlogged
         from event e
         join grid g on g.id = e.grid_id and g.valid_to is null
         join grid l2 on l2.id = e.grid_ids[2] and l2.valid_to is null and l2.level = 2`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(200);
    expect(rows[0].statuses).toBeGreaterThanOrEqual(6);
    expect(rows[0].bad).toBe(0);
    expect(rows[0].unlogged).toBe(0);
    // The chain starts at the community the deepest grid belongs to.
    const { rows: chains } = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from event e
         join grid g3 on g3.id = e.grid_ids[3] join grid g2 on g2.id = e.grid_ids[2]
        where g3.parent_id <> g2.id or g2.parent_id <> e.grid_ids[1]`,
    );
    expect(chains[0].n).toBe(0);
  });

  it('marks itself as demo data (示例数据) in generation 1', async () => {
    const { rows } = await ctx.db.query<{ id: number; note: string }>('select id, note from generation');
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(1);
    expect(rows[0].note).toContain('示例数据');
  });

  it('leaves every sequence past the ids it wrote', async () => {
    const { rows } = await ctx.db.query<{ grid: number; max: number }>(
      `select nextval('grid_id_seq')::int as grid, (select max(id) from grid)::int as max`,
    );
    expect(rows[0].grid).toBeGreaterThan(rows[0].max);
    await ctx.db.transaction(async (tx) => {
      const { rows: s } = await tx.query<{ id: number }>(`insert into staff (name) values ('新同事') returning id`);
      const { rows: m } = await tx.query<{ max: number }>('select max(id) as max from staff where id <> $1', [s[0].id]);
      expect(s[0].id).toBeGreaterThan(m[0].max);
      const { rows: e } = await tx.query<{ id: number }>(
        `insert into event (category, source, geom) values ('其他事件', 'app', ST_SetSRID(ST_MakePoint(0, 0), 4326)) returning id`,
      );
      expect(e[0].id).toBeGreaterThan(0);
      throw new Error('rollback');
    }).catch((err) => expect((err as Error).message).toBe('rollback'));
  });
}

describe.each(backends)('kangle demo on %s', (backend) => {
  const ctx = {} as { db: Db; summary: SeedSummary };
  beforeAll(async () => {
    ctx.db = await openTestDb(backend, 'empty');
    ctx.summary = await seedPreset(ctx.db, 'kangle');
  }, 120_000);
  afterAll(closeTestDbs);

  it('seeds one community of 7 grids over 9 compounds and 4 dormitory blocks, about 2,000 households', async () => {
    const s = ctx.summary;
    expect(s.grids.slice(0, 2)).toEqual([1, 7]);
    expect(s.grids[2]).toBeGreaterThan(7);
    expect(s.households).toBeGreaterThan(1_700);
    expect(s.households).toBeLessThan(2_300);
    expect(s.population / s.households).toBeGreaterThan(2.5);
    expect(s.population / s.households).toBeLessThan(2.9);
    const { rows } = await ctx.db.query<{ kind: string; n: number }>(`select kind, count(*)::int as n from compound where kind in ('residential', 'dormitory') group by kind order by kind`);
    expect(rows).toEqual([
      { kind: 'dormitory', n: 4 },
      { kind: 'residential', n: 9 },
    ]);
    const { rows: names } = await ctx.db.query<{ dup: number }>('select count(*) - count(distinct name) as dup from compound');
    expect(Number(names[0].dup)).toBe(0);
    const counts = await ctx.db.query<{ grids: number; buildings: number; households: number }>(
      `select (select count(*) from grid)::int as grids, (select count(*) from building)::int as buildings,
              (select sum(households) from building)::int as households`,
    );
    expect(counts.rows[0]).toEqual({ grids: s.grids.reduce((a, b) => a + b, 0), buildings: s.buildings, households: s.households });
  });

  it('lies in Xiamen', async () => {
    const { rows } = await ctx.db.query<{ lon: number; lat: number }>(
      `select ST_X(c) as lon, ST_Y(c) as lat from (select ST_Centroid(ST_Union(geom)) as c from grid where level = 1) x`,
    );
    expect(rows[0].lon).toBeCloseTo(118.1, 1);
    expect(rows[0].lat).toBeCloseTo(24.49, 1);
  });

  it('has a basemap of named arterials, branch roads, blocks, water, green and the street outline', async () => {
    const { rows } = await ctx.db.query<{ kind: string; n: number; named: number }>(
      `select kind, count(*)::int as n, count(name)::int as named from basemap_feature group by kind order by kind`,
    );
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    for (const kind of ['arterial', 'branch', 'block', 'water', 'green', 'boundary']) expect(byKind[kind]?.n, kind).toBeGreaterThan(0);
    expect(byKind.arterial.named).toBe(byKind.arterial.n);
  });

  describeCoverage(ctx);
  describeAggregates(ctx);

  it('refuses to seed over existing grids, and seedIfEmpty leaves them alone', async () => {
    await expect(seedPreset(ctx.db, 'kangle')).rejects.toThrow(/reset/);
    expect(await seedIfEmpty(ctx.db, 'kangle')).toBeNull();
    expect(await seedIfEmpty(ctx.db, 'none')).toBeNull();
  });

  it('names the known presets when asked for an unknown one', async () => {
    await expect(seedPreset(ctx.db, 'atlantis')).rejects.toThrow(/kangle.*maigaoqiao.*city/);
  });

  it('is deterministic: reset and reseed with the same seed gives the same rows, another seed (with reset: true) differs', async () => {
    const before = await digest(ctx.db);
    await resetDemoData(ctx.db);
    const { rows } = await ctx.db.query<{ n: number }>('select (select count(*) from grid) + (select count(*) from staff) + (select count(*) from event) as n');
    expect(Number(rows[0].n)).toBe(0);
    await seedPreset(ctx.db, 'kangle');
    expect(await digest(ctx.db)).toBe(before);
    await seedPreset(ctx.db, 'kangle', { seed: 7, reset: true });
    expect(await digest(ctx.db)).not.toBe(before);
    expect(await parentMismatches(ctx.db)).toEqual([]);
    expect(await siblingOverlaps(ctx.db)).toEqual([]);
  }, 120_000);

  it('seeds next to rows that already exist (an admin in staff) without stealing their ids', async () => {
    await resetDemoData(ctx.db);
    const { rows: admin } = await ctx.db.query<{ id: number }>(`insert into staff (name, role) values ('管理员', 'admin') returning id`);
    await seedPreset(ctx.db, 'kangle');
    const { rows } = await ctx.db.query<{ admin: string; wrong_workers: number; orphans: number }>(
      `select (select name from staff where id = $1) as admin,
              (select count(*) from grid g join staff s on s.id = g.worker_id where g.level = 2 and s.role <> 'grid_worker')::int as wrong_workers,
              (select count(*) from event e left join staff s on s.id = e.worker_id where s.id is null or s.role = 'admin')::int
                + (select count(*) from building b left join compound c on c.id = b.compound_id where b.compound_id is not null and c.id is null)::int
                + (select count(*) from household h left join building b on b.id = h.building_id where b.id is null)::int as orphans`,
      [admin[0].id],
    );
    expect(rows[0]).toEqual({ admin: '管理员', wrong_workers: 0, orphans: 0 });
  });
});

// Maigaoqiao is large for PGlite's single thread; its geometry is checked where PostGIS is fast.
describe.runIf(pgUrl)('maigaoqiao demo on postgis', () => {
  const ctx = {} as { db: Db; summary: SeedSummary };
  beforeAll(async () => {
    ctx.db = await openTestDb('postgis', 'empty');
    ctx.summary = await seedPreset(ctx.db, 'maigaoqiao');
  }, 300_000);
  afterAll(closeTestDbs);

  it('has the real street’s 13 / 255 / 3,052 grids, about 65k households and 180k residents on ~12.5 km²', async () => {
    expect(ctx.summary.grids).toEqual([13, 255, 3052]);
    expect(ctx.summary.households).toBeGreaterThan(55_000);
    expect(ctx.summary.households).toBeLessThan(75_000);
    expect(ctx.summary.population).toBeGreaterThan(150_000);
    expect(ctx.summary.population).toBeLessThan(210_000);
    const { rows } = await ctx.db.query<{ km2: number }>(`select sum(area_m2) / 1e6 as km2 from grid where level = 1`);
    expect(rows[0].km2).toBeGreaterThan(11);
    expect(rows[0].km2).toBeLessThan(14);
  });

  describeCoverage(ctx);
  describeAggregates(ctx);
});

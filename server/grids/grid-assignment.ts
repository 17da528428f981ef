// Batch assignment of many points to grids (e.g. a resident register or a year of hotline calls).
// The join is driven from the polygon side: points go into an indexed temporary table and each
// deepest grid probes it, so PostGIS prepares every polygon once instead of once per point.
import type { Db } from '../db/db.ts';
import type { BatchPoint } from './grid.repository.ts';
import { chainOf, pickDeepest, type Candidate } from './lookup.rule.ts';

export interface Assignment {
  id: string;
  /** grid ids, level 1 … deepest; [] outside every grid */
  grids: number[];
}

type Match = Candidate & { point_id: string };

export const assignmentChunk = 50_000;

export async function assignPoints(db: Db, points: BatchPoint[]): Promise<Assignment[]> {
  const out: Assignment[] = [];
  for (let i = 0; i < points.length; i += assignmentChunk) {
    out.push(...(await assignChunk(db, points.slice(i, i + assignmentChunk))));
  }
  return out;
}

async function assignChunk(db: Db, points: BatchPoint[]): Promise<Assignment[]> {
  const matches = await db.transaction(async (tx) => {
    await tx.query('create temporary table lookup_point (n integer primary key, geom geometry(Point, 4326)) on commit drop');
    await tx.query(
      `insert into lookup_point select n, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         from unnest($1::float8[], $2::float8[]) with ordinality as p(lon, lat, n)`,
      [points.map((p) => p.lon), points.map((p) => p.lat)],
    );
    await tx.query('create index on lookup_point using gist (geom)');
    await tx.query('analyze lookup_point');
    // Leaf grids first (one row per point almost everywhere); a point that misses every leaf is looked
    // up again against all levels, so data with gaps at the deepest level still gets its partial chain.
    const leaves = await tx.query<{ n: number; grid_id: number }>(
      `select p.n, g.id as grid_id
         from grid g join lookup_point p on ST_Intersects(g.geom, p.geom)
        where g.valid_to is null
          and not exists (select 1 from grid c where c.parent_id = g.id and c.valid_to is null)`,
    );
    return leaves.rows;
  });
  return resolve(db, points, matches);
}

async function resolve(db: Db, points: BatchPoint[], leaves: Array<{ n: number; grid_id: number }>): Promise<Assignment[]> {
  const grids = await gridTree(db);
  const byPoint = new Map<number, number[]>();
  for (const { n, grid_id } of leaves) {
    const list = byPoint.get(n);
    if (list) list.push(grid_id);
    else byPoint.set(n, [grid_id]);
  }
  const ties = [...byPoint].filter(([, ids]) => ids.length > 1);
  const missed = points.map((_, i) => i + 1).filter((n) => !byPoint.has(n));
  const settled = await settle(db, points, [...ties.map(([n]) => n), ...missed], grids);
  return points.map((p, i) => {
    const n = i + 1;
    const only = byPoint.get(n);
    const chosen = settled.get(n) ?? (only?.length === 1 ? grids.get(only[0]) : undefined);
    return { id: p.id, grids: chainOf(chosen, grids).map((g) => g.id) };
  });
}

/** The few points on shared boundaries or outside every leaf: the single-lookup rule decides. */
async function settle(db: Db, points: BatchPoint[], ns: number[], grids: Map<number, Candidate>): Promise<Map<number, Candidate | undefined>> {
  const out = new Map<number, Candidate | undefined>();
  if (!ns.length) return out;
  const { rows } = await db.query<Match>(
    `select p.n::text as point_id, g.id, g.code, g.name, g.level, g.parent_id, ST_Contains(g.geom, p.geom) as interior
       from (select n, ST_SetSRID(ST_MakePoint(lon, lat), 4326) as geom
               from unnest($1::int[], $2::float8[], $3::float8[]) as u(n, lon, lat)) as p
       join grid g on ST_Intersects(g.geom, p.geom)
      where g.valid_to is null`,
    [ns, ns.map((n) => points[n - 1].lon), ns.map((n) => points[n - 1].lat)],
  );
  const byPoint = new Map<number, Match[]>();
  for (const r of rows) byPoint.set(Number(r.point_id), [...(byPoint.get(Number(r.point_id)) ?? []), r]);
  for (const n of ns) out.set(n, grids.get(pickDeepest(byPoint.get(n) ?? [])?.id ?? -1));
  return out;
}

async function gridTree(db: Db): Promise<Map<number, Candidate>> {
  const { rows } = await db.query<Candidate>('select id, code, name, level, parent_id, true as interior from grid where valid_to is null');
  return new Map(rows.map((r) => [r.id, r]));
}

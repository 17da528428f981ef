// What a grid card (网格信息卡, the first page of a grid worker's notebook) shows, read in one place:
// the grid and its chain, its people (public staff fields only — never staff_private, households or
// residents), its compounds with their property management, and the map's features around it.
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { Queryable } from '../db/db.ts';
import { subtreeOf } from '../auth/grid.scope.ts';
import { placedSql } from '../registry/building.placement.ts';

export interface CardContact {
  role: 'grid_worker' | 'grid_leader' | 'police' | 'patrol';
  name: string;
  phone: string | null;
  office_hours: string | null;
  office_place: string | null;
}

export interface CardCompound {
  name: string;
  property_company: string | null;
  property_phone: string | null;
  buildings: number;
  households: number;
}

export interface GridCardData {
  grid: { id: number; code: string; name: string; level: number; households: number; population: number; area_m2: number; generation: number };
  /** the ancestors, top first (社区 → 网格) */
  chain: Array<{ code: string; name: string; level: number }>;
  geometry: Polygon | MultiPolygon;
  /** west, south, east, north of what the map shows: the grid with a margin */
  bbox: [number, number, number, number];
  contacts: CardContact[];
  compounds: CardCompound[];
  buildings: Array<{ footprint: Polygon | null; point: Point; inside: boolean }>;
  roads: Array<{ kind: string; name: string | null; geometry: LineString | MultiLineString }>;
  /** outlines of the neighbouring grids of the same level, for orientation */
  neighbours: Array<{ name: string; geometry: Polygon | MultiPolygon }>;
  buildingCount: number;
  generatedAt: Date;
}

const json = <G extends Geometry>(text: string) => JSON.parse(text) as G;

export async function loadGridCard(db: Queryable, gridId: number): Promise<GridCardData | null> {
  const { rows } = await db.query<{
    id: number; code: string; name: string; level: number; households: number; population: number; area_m2: number; valid_from: number;
    geom: string; w: number; s: number; e: number; n: number;
  }>(
    `select id, code, name, level, households, population, area_m2, valid_from, ST_AsGeoJSON(geom, 7) geom,
            ST_XMin(geom) w, ST_YMin(geom) s, ST_XMax(geom) e, ST_YMax(geom) n
       from grid where id = $1 and valid_to is null`,
    [gridId],
  );
  const g = rows[0];
  if (!g) return null;
  // a margin of a tenth of the larger side shows the streets around the boundary
  const margin = Math.max(g.e - g.w, g.n - g.s) * 0.1 + 1e-4;
  const bbox: [number, number, number, number] = [g.w - margin, g.s - margin, g.e + margin, g.n + margin];
  const envelope = `ST_MakeEnvelope($1, $2, $3, $4, 4326)`;
  const subtree = await subtreeOf(db, [g.id]);

  const chain = (await db.query<{ code: string; name: string; level: number; worker_id: number | null }>(
    `with recursive up(id, depth) as (select parent_id, 1 from grid where id = $1 and valid_to is null
       union all select g.parent_id, up.depth + 1 from grid g join up on g.id = up.id where g.valid_to is null and g.parent_id is not null)
     select g.code, g.name, g.level, g.worker_id from up join grid g on g.id = up.id and g.valid_to is null order by g.level`,
    [g.id],
  )).rows;

  const contacts = (await db.query<CardContact>(
    `with recursive up(id) as (select $1::bigint union all select g.parent_id from grid g join up on g.id = up.id where g.valid_to is null and g.parent_id is not null),
     linked as (
       select 'grid_worker' as role, s.id, s.name, s.public_phone, s.office_hours, s.office_place, 0 as rank
         from grid g join staff s on s.id = g.worker_id where g.id = $1 and g.valid_to is null
       union all
       -- contacts named for the grid or an ancestor, the nearest first
       select c.role, s.id, s.name, s.public_phone, s.office_hours, s.office_place, -g.level
         from up join grid_contact c on c.grid_id = up.id join grid g on g.id = up.id and g.valid_to is null join staff s on s.id = c.staff_id
       union all
       -- failing a named grid leader (网格长): the nearest worker up the chain who leads (a community's own worker)
       select 'grid_leader', s.id, s.name, s.public_phone, s.office_hours, s.office_place, 10 - g.level
         from up join grid g on g.id = up.id and g.valid_to is null join staff s on s.id = g.worker_id
        where s.role = 'grid_leader'
     )
     select distinct on (role) role, name, public_phone as phone, office_hours, office_place
       from linked order by role, rank, id`,
    [g.id],
  )).rows;

  const compounds = (await db.query<CardCompound>(
    `with placed as (${placedSql('$1')})
     select c.name, c.property_company, c.property_phone, count(b.id)::int as buildings, coalesce(sum(b.households), 0)::int as households
       from placed p join building b on b.id = p.building_id join compound c on c.id = b.compound_id
      where p.grid_id = any($1::bigint[])
      group by c.id, c.name, c.property_company, c.property_phone order by households desc, c.name`,
    [subtree],
  )).rows;

  const buildingRows = (await db.query<{ footprint: string | null; point: string; inside: boolean }>(
    `select ST_AsGeoJSON(b.footprint, 7) footprint, ST_AsGeoJSON(b.geom, 7) point, ST_Intersects(g.geom, b.geom) inside
       from building b, grid g where g.id = $5 and g.valid_to is null and b.geom && ${envelope}`,
    [...bbox, g.id],
  )).rows;

  const roads = (await db.query<{ kind: string; name: string | null; geom: string }>(
    `select kind, name, ST_AsGeoJSON(ST_Intersection(geom, ${envelope}), 7) geom from basemap_feature
      where kind in ('arterial', 'branch', 'path') and geom && ${envelope} order by case kind when 'path' then 0 when 'branch' then 1 else 2 end`,
    bbox,
  )).rows.map((r) => ({ kind: r.kind, name: r.name, geometry: json<LineString | MultiLineString>(r.geom) }))
    .filter((r) => r.geometry.type === 'LineString' || r.geometry.type === 'MultiLineString');

  const neighbours = (await db.query<{ name: string; geom: string }>(
    `select name, ST_AsGeoJSON(geom, 7) geom from grid where valid_to is null and level = $5 and id <> $6 and geom && ${envelope}`,
    [...bbox, g.level, g.id],
  )).rows.map((r) => ({ name: r.name, geometry: json<Polygon | MultiPolygon>(r.geom) }));

  return {
    grid: { id: Number(g.id), code: g.code, name: g.name, level: g.level, households: g.households, population: g.population, area_m2: g.area_m2, generation: g.valid_from },
    chain: chain.map(({ code, name, level }) => ({ code, name, level })),
    geometry: json<Polygon | MultiPolygon>(g.geom),
    bbox,
    contacts,
    compounds,
    buildings: buildingRows.map((b) => ({ footprint: b.footprint ? json<Polygon>(b.footprint) : null, point: json<Point>(b.point), inside: b.inside })),
    roads,
    neighbours,
    buildingCount: buildingRows.filter((b) => b.inside).length,
    generatedAt: new Date(),
  };
}

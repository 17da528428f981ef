// The atoms of an auto-partition (自动划分), built in PostGIS: the area to divide (a parent grid minus
// its locked children) cut by the road centre lines and the compound (小区) outlines, every line noded
// against every other once, so that neighbouring atoms share their edges exactly and any union of atoms
// is a clean polygon. A compound, or a roadside strip, with more households than the target is cut
// further, between its buildings (Voronoi edges of the building points), because it cannot stay whole.
//
// Everything lives in temporary tables of the caller's transaction: atoms are read out as numbers for
// the pure graph code (partition.solve.ts), and the grids are unions of atoms taken back from the same
// tables, so geometry never travels through JavaScript. Only ST_Polygonize, ST_UnaryUnion, ST_Union and
// ST_VoronoiLines are used: PostGIS 3.3 (Debian) and 3.6 (PGlite) both have them.
import type { Geometry } from 'geojson';
import type { Queryable } from '../db/db.ts';

export interface Atom {
  /** 0-based, in a fixed spatial order (north to south, then west to east) */
  id: number;
  households: number;
  buildings: number;
  /** the compound the atom lies in; null on open land, roadside strips and pieces of oversized compounds */
  compound_id: number | null;
  area_m2: number;
  perimeter_m: number;
  lon: number;
  lat: number;
}

export interface AtomEdge {
  a: number;
  b: number;
  /** length of the shared border, metres */
  length_m: number;
}

/** A compound (or a roadside strip without one) that alone holds more households than the target. */
export interface OversizedUnit {
  compound_id: number | null;
  name: string | null;
  households: number;
  buildings: number;
  /** the largest single building: when it alone exceeds the target, no partition can balance it */
  largest_building: number;
}

export interface AtomSet {
  atoms: Atom[];
  edges: AtomEdge[];
  oversized: OversizedUnit[];
}

export interface AtomsInput {
  /** the parent grid's geometry */
  parent: Geometry;
  /** locked grids: their area and buildings are left out */
  locked: Geometry[];
  /** a compound with more households than the target is cut between its buildings */
  size: GridSize;
}

/** How big a grid should be: about this many households, or this many grids sharing the households. */
export type GridSize = { targetHouseholds: number } | { gridCount: number };

/** Base-map kinds whose lines a grid boundary may follow. */
export const ROAD_KINDS = ['arterial', 'branch'];

// A Voronoi edge is clipped to its face grown by this much (about 1 cm), so it crosses the face's
// boundary and is noded onto it exactly; the overshoot is a dangling end that polygonize drops.
const OVERSHOOT_DEGREES = 1e-7;
// Borders shorter than this (metres) are corner contacts, not adjacency.
const MIN_BORDER_M = 0.01;

const tables = `
  create temp table part_area (geom geometry(MultiPolygon, 4326) not null) on commit drop;
  create temp table part_locked (geom geometry(MultiPolygon, 4326) not null) on commit drop;
  create temp table part_face (id serial primary key, geom geometry(Polygon, 4326) not null, pos geometry(Point, 4326), compound_id bigint, region text) on commit drop;
  create temp table part_building (id bigint primary key, households integer not null, geom geometry(Point, 4326) not null, face integer, atom integer) on commit drop;
  create temp table part_oversized (region text primary key) on commit drop;
  create temp table part_atom (id integer primary key, geom geometry(Polygon, 4326) not null, pos geometry(Point, 4326) not null, compound_id bigint) on commit drop;
`;

/** Builds the atoms into temporary tables of `tx` (a transaction) and reads them out. */
export async function buildAtoms(tx: Queryable, input: AtomsInput): Promise<AtomSet> {
  await tx.exec(tables);
  await tx.query(`insert into part_area select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`, [JSON.stringify(input.parent)]);
  await tx.query(
    `insert into part_locked select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g::text), 4326)) from json_array_elements($1::json) g`,
    [JSON.stringify(input.locked)],
  );
  await facesOfArea(tx);
  await placeBuildings(tx, 'face', 'part_face');
  const oversized = await oversizedUnits(tx, await thresholdOf(tx, input.size));
  await cutOversizedFaces(tx);
  await placeBuildings(tx, 'atom', 'part_atom');
  return { atoms: await readAtoms(tx), edges: await readEdges(tx), oversized };
}

/** Faces of the area's outline, its locked children's outlines, roads and compound outlines, noded together. */
async function facesOfArea(tx: Queryable): Promise<void> {
  await tx.query(
    `insert into part_face (geom)
     select (ST_Dump(ST_Polygonize(lines))).geom from (
       select ST_UnaryUnion(ST_Collect(geom)) lines from (
         select ST_Boundary(geom) geom from part_area
         union all select ST_Boundary(geom) from part_locked
         union all select f.geom from basemap_feature f, part_area a
           where f.kind = any($1::text[]) and f.geom && a.geom and ST_Intersects(f.geom, a.geom)
         union all select ST_Boundary(c.geom) from compound c, part_area a
           where c.geom && a.geom and ST_Intersects(c.geom, a.geom)
       ) s
     ) noded`,
    [ROAD_KINDS],
  );
  // Faces outside the area (between roads beyond it) and inside locked grids are not ours to divide.
  await tx.exec(`
    update part_face set pos = ST_PointOnSurface(geom);
    delete from part_face f where not exists (select 1 from part_area a where ST_Intersects(a.geom, f.pos))
      or exists (select 1 from part_locked l where ST_Intersects(l.geom, f.pos));
    update part_face f set compound_id = (
      select c.id from compound c where c.geom && f.pos and ST_Intersects(c.geom, f.pos) order by c.id limit 1);
    update part_face set region = coalesce('c' || compound_id, 'f' || id);
    create index on part_face using gist (geom);
  `);
}

/** Each building goes to the one face (or atom) its point lies in; a point on a shared edge to the first. */
async function placeBuildings(tx: Queryable, column: 'face' | 'atom', table: 'part_face' | 'part_atom'): Promise<void> {
  if (column === 'face') {
    await tx.exec(`
      insert into part_building (id, households, geom)
      select b.id, b.households, b.geom from building b, part_area a where b.geom && a.geom and ST_Intersects(a.geom, b.geom);
      create index on part_building using gist (geom);`);
  }
  await tx.exec(`
    update part_building b set ${column} = (select t.id from ${table} t where t.geom && b.geom and ST_Intersects(t.geom, b.geom) order by t.id limit 1);`);
}

/** Households above which a compound cannot stay whole: the target, or the mean share of the grids. */
async function thresholdOf(tx: Queryable, size: GridSize): Promise<number> {
  if ('targetHouseholds' in size) return size.targetHouseholds;
  const { rows } = await tx.query<{ households: number }>(`select coalesce(sum(households), 0)::integer households from part_building where face is not null`);
  return Math.ceil(rows[0].households / Math.max(1, size.gridCount));
}

/** Regions (a compound, or a face outside every compound) with more households than the target. */
async function oversizedUnits(tx: Queryable, target: number): Promise<OversizedUnit[]> {
  const { rows } = await tx.query<OversizedUnit & { region: string }>(
    `select f.region, min(f.compound_id) compound_id, min(c.name) as name, sum(b.households)::integer households,
            count(b.id)::integer buildings, max(b.households)::integer largest_building
     from part_face f join part_building b on b.face = f.id left join compound c on c.id = f.compound_id
     group by f.region having sum(b.households) > $1 order by min(f.id)`,
    [target],
  );
  await tx.query(`insert into part_oversized select unnest($1::text[])`, [rows.map((r) => r.region)]);
  return rows.map(({ region: _region, ...unit }) => unit);
}

/**
 * Faces of oversized regions are cut between their buildings; every other face is one atom. Atoms are
 * numbered in a fixed spatial order so that the same data gives the same partition on either backend.
 */
async function cutOversizedFaces(tx: Queryable): Promise<void> {
  await tx.query(
    `insert into part_atom (id, geom, pos, compound_id)
     select (row_number() over (order by round(ST_Y(pos)::numeric, 7) desc, round(ST_X(pos)::numeric, 7), ST_Area(geom)) - 1)::integer,
            geom, pos, compound_id
     from (
       select geom, pos, compound_id from part_face where region not in (select region from part_oversized)
       union all
       select piece, ST_PointOnSurface(piece), null from (
         select f.geom face, (ST_Dump(ST_Polygonize(ST_UnaryUnion(ST_Collect(ST_Boundary(f.geom),
                  ST_Intersection(ST_VoronoiLines(pts, 0, f.geom), ST_Buffer(f.geom, $1::float8))))))).geom piece
         from part_face f join (
           select face, ST_Collect(geom) pts from part_building group by face having count(*) > 1
         ) b on b.face = f.id
         where f.region in (select region from part_oversized)
         group by f.id, f.geom, pts
       ) cut where ST_Intersects(face, ST_PointOnSurface(piece))
       union all
       select geom, pos, null from part_face f
       where f.region in (select region from part_oversized)
         and (select count(*) from part_building b where b.face = f.id) <= 1
     ) atoms`,
    [OVERSHOOT_DEGREES],
  );
  await tx.exec(`create index on part_atom using gist (geom);`);
}

async function readAtoms(tx: Queryable): Promise<Atom[]> {
  const { rows } = await tx.query<Atom>(
    `select a.id, coalesce(sum(b.households), 0)::integer households, count(b.id)::integer buildings, a.compound_id,
            ST_Area(a.geom::geography) area_m2, ST_Perimeter(a.geom::geography) perimeter_m,
            ST_X(ST_Centroid(a.geom)) lon, ST_Y(ST_Centroid(a.geom)) lat
     from part_atom a left join part_building b on b.atom = a.id
     group by a.id order by a.id`,
  );
  return rows;
}

async function readEdges(tx: Queryable): Promise<AtomEdge[]> {
  const { rows } = await tx.query<AtomEdge>(
    `select a, b, length_m from (
       select a.id a, b.id b,
              ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2)::geography) length_m
       from part_atom a join part_atom b on a.id < b.id and a.geom && b.geom
       where ST_Intersects(a.geom, b.geom)
     ) e where length_m > $1 order by a, b`,
    [MIN_BORDER_M],
  );
  return rows;
}

/** The grids as unions of their atoms: `gridOfAtom[atom]` is the grid's index. GeoJSON at full precision. */
export async function unionAtoms(tx: Queryable, gridOfAtom: ArrayLike<number>): Promise<Geometry[]> {
  const { rows } = await tx.query<{ grid: number; geometry: string }>(
    `select t.grid, ST_AsGeoJSON(ST_Multi(ST_Union(a.geom)), 15) geometry
     from part_atom a join unnest($1::integer[]) with ordinality as t(grid, atom) on a.id = t.atom - 1
     group by t.grid order by t.grid`,
    [Array.from(gridOfAtom)],
  );
  return rows.map((r) => JSON.parse(r.geometry));
}

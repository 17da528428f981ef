// Hostile data for tile tests, inserted into the 'empty' fixture: a community with two grids inside the
// z14 tile 13567/7041 (Xiamen), names with quotes, backslashes and emoji, an older generation that
// must not show, broken grids (EMPTY, zero-area, bow-tie, zero-width spike), grids on both sides of the
// antimeridian and one at the top of the Mercator world, and personal data in every related table so
// tests can prove it never reaches a tile.
import type { Queryable } from '../../../server/db/db.ts';
import { tileOf, type TileCoords } from '../../../server/tiles/tile.coords.ts';

const box = (x0: number, y0: number, x1: number, y1: number) => `ST_Multi(ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326))`;
const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const ids = {
  community: 9001,
  west: 9002,
  east: 9003,
  retired: 9004,
  empty: 9005,
  flat: 9006,
  antimeridianEast: 9007,
  antimeridianWest: 9008,
  arctic: 9009,
  bowtie: 9010,
  spike: 9011,
  worker: 9101,
  compound: 9201,
  footprintBuilding: 9301,
  pointBuilding: 9302,
  event: 9401,
};

export const hostileName = `O'Brien "一" \\ back\\slash 🏘️ 网格`;
export const hostileBuildingName = `O'Neil 3幢 "\\"`;

/** The z14 tile holding the community, its neighbours to the east, and the antimeridian tiles. */
export const tiles = {
  community: { z: 14, x: 13567, y: 7041 },
  eastOfCommunity: { z: 14, x: 13570, y: 7041 },
  /** inside the eastern grid, more than a tile buffer away from the western one */
  eastGridOnly: tileOf(118.12, 24.495, 16),
  antimeridianEast: tileOf(179.95, -16.55, 10),
  antimeridianWest: tileOf(-179.95, -16.55, 10),
  /** the top row of the world */
  arctic: tileOf(10.05, 85.04, 10),
};

/** Personal values planted in related tables; none may appear in any tile. */
/** Every tile over the fixture's community from z10 to z17, and the edge-of-the-world tiles. */
export function fixtureTiles(): TileCoords[] {
  const list: TileCoords[] = [tiles.antimeridianEast, tiles.antimeridianWest, tiles.arctic];
  for (let z = 10; z <= 17; z++) {
    const nw = tileOf(118.104, 24.506, z);
    const se = tileOf(118.124, 24.488, z);
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) list.push({ z, x, y });
  }
  return list;
}

export const personal = {
  workerPublicPhone: '0592-555-0101',
  workerPrivatePhone: '13800001111',
  workerIdNumber: '350203199001011234',
  residentName: '张三丰',
  residentIdNumber: '350203198001011234',
  residentPhone: '13900002222',
  reporterName: '李四光',
  reporterPhone: '13700003333',
  eventDescription: '住户李四光 电话13700003333 反映楼道堆物',
};

/**
 * A body with a zero-width spike, written in tile units of z15/27135/14083 so that it crosses the
 * tile's western edge wound the way that makes GEOS's rectangle clip turn it inside out.
 */
const spikedGrid = `(select ST_Multi(ST_Transform(ST_Affine(
    ST_SetSRID('POLYGON((-200 2313, 741 2313, 741 2723, 368 2723, 368 3500, 368 2723, -200 2723, -200 2313))'::geometry, 3857),
    w / 4096, 0, 0, -w / 4096, ST_XMin(e), ST_YMax(e)), 4326))
  from (select e, ST_XMax(e) - ST_XMin(e) as w from ST_TileEnvelope(15, 27135, 14083) as e) t)`;

export async function insertTileFixture(db: Queryable): Promise<void> {
  const p = personal;
  await db.exec(`
    insert into generation (id) values (1), (2);
    insert into staff (id, name, public_phone) values (${ids.worker}, '王网格', ${sql(p.workerPublicPhone)});
    insert into staff_private (staff_id, id_number, private_phone) values (${ids.worker}, ${sql(p.workerIdNumber)}, ${sql(p.workerPrivatePhone)});
    insert into grid (id, valid_from, valid_to, code, name, level, parent_id, geom, worker_id, households, population) values
      (${ids.community}, 1, null, '350203001001', '康乐社区', 1, null, ${box(118.105, 24.489, 118.123, 24.505)}, null, 600, 1500),
      (${ids.retired}, 1, 2, '350203001001001', '旧网格', 2, ${ids.community}, ${box(118.105, 24.489, 118.123, 24.505)}, ${ids.worker}, 600, 1500),
      (${ids.west}, 2, null, '350203001001001', ${sql(hostileName)}, 2, ${ids.community}, ${box(118.105, 24.489, 118.114, 24.505)}, ${ids.worker}, 312, 790),
      (${ids.east}, 2, null, '350203001001002', '康乐第二网格', 2, ${ids.community}, ${box(118.114, 24.489, 118.123, 24.505)}, null, 288, 710),
      (${ids.empty}, 1, null, '350203001002', '空网格', 1, null, 'SRID=4326;MULTIPOLYGON EMPTY', null, 0, 0),
      (${ids.flat}, 1, null, '350203001003', '扁网格', 1, null,
        'SRID=4326;MULTIPOLYGON(((118.106 24.490, 118.110 24.490, 118.120 24.490, 118.106 24.490)))', null, 0, 0),
      (${ids.antimeridianEast}, 1, null, '350203001004', 'Taveuni east', 1, null, ${box(179.9, -16.6, 180, -16.5)}, null, 10, 30),
      (${ids.antimeridianWest}, 1, null, '350203001005', 'Taveuni west', 1, null, ${box(-180, -16.6, -179.9, -16.5)}, null, 10, 30),
      (${ids.arctic}, 1, null, '350203001006', 'Svalbard north', 1, null, ${box(10, 84.9, 10.1, 85.05)}, null, 1, 1),
      (${ids.bowtie}, 1, null, '350203001007', '自相交', 1, null,
        'SRID=4326;MULTIPOLYGON(((118.106 24.490, 118.118 24.496, 118.118 24.490, 118.106 24.496, 118.106 24.490)))', null, 0, 0),
      (${ids.spike}, 1, null, '350203001008', '带刺', 1, null, ${spikedGrid}, null, 0, 0);
    insert into compound (id, name, property_phone) values (${ids.compound}, '康乐新村', '0592-555-0199');
    insert into building (id, name, address, compound_id, kind, floors, households, population, geom, footprint) values
      (${ids.footprintBuilding}, ${sql(hostileBuildingName)}, '康乐新村3号', ${ids.compound}, 'residential', 7, 42, 101,
        ST_Point(118.108, 24.495, 4326), ST_MakeEnvelope(118.1078, 24.4948, 118.1082, 24.4952, 4326)),
      (${ids.pointBuilding}, '康乐新村5幢', null, ${ids.compound}, 'shop', null, 0, 0, ST_Point(118.118, 24.495, 4326), null);
    insert into household (id, building_id, unit, room, tags) values (9501, ${ids.footprintBuilding}, '1单元', '301', '{独居老人}');
    insert into resident (household_id, name, id_number, phone, tags) values
      (9501, ${sql(p.residentName)}, ${sql(p.residentIdNumber)}, ${sql(p.residentPhone)}, '{独居老人}');
    insert into event (id, category, subcategory, description, source, status, geom, grid_id, worker_id, reported_at) values
      (${ids.event}, '市容环境', '堆物堆料', ${sql(p.eventDescription)}, 'hotline', 'dispatched', ST_Point(118.110, 24.497, 4326),
        ${ids.west}, ${ids.worker}, '2026-03-01T08:30:00+08:00');
    insert into event_reporter (event_id, name, phone) values (${ids.event}, ${sql(p.reporterName)}, ${sql(p.reporterPhone)});
    insert into basemap_feature (kind, name, geom) values
      ('arterial', '湖滨南路', 'SRID=4326;LINESTRING(118.100 24.4895, 118.130 24.4905)'),
      ('path', null, 'SRID=4326;LINESTRING(118.110 24.490, 118.110 24.504)'),
      ('water', '筼筜湖', ST_Buffer(ST_Point(118.120, 24.500, 4326), 0.002, 16)),
      ('water', '小溪', 'SRID=4326;LINESTRING(118.104 24.503, 118.124 24.502)'),
      ('green', '白鹭洲公园', ST_MakeEnvelope(118.106, 24.500, 118.109, 24.503, 4326)),
      ('block', ${sql(`Block "7" \\ 'A'`)}, ST_MakeEnvelope(118.111, 24.491, 118.113, 24.494, 4326)),
      ('boundary', '思明区', 'SRID=4326;LINESTRING(118.104 24.488, 118.124 24.506)');
  `);
}

/**
 * Jagged polygons for encoder parity: many vertices well below a pixel apart at low zoom, spikes that
 * snapping folds onto themselves, holes, and neighbours sharing an irregular edge. Deterministic.
 */
export async function insertJaggedGrids(db: Queryable): Promise<number[]> {
  let seed = 20260322;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: string[] = [];
  const created: number[] = [];
  for (let i = 0; i < 12; i++) {
    const cx = 118.106 + (i % 4) * 0.0045;
    const cy = 24.491 + Math.floor(i / 4) * 0.005;
    const radius = 0.0008 + random() * 0.0014;
    const ring: string[] = [];
    const n = 60 + Math.floor(random() * 240);
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const r = radius * (k % 7 === 0 ? 0.35 + random() * 0.2 : 0.8 + random() * 0.4);
      ring.push(`${(cx + r * Math.cos(a)).toFixed(7)} ${(cy + r * Math.sin(a)).toFixed(7)}`);
    }
    ring.push(ring[0]);
    const hole = i % 3 === 0 ? `, ${holeRing(cx, cy, radius * 0.2)}` : '';
    const id = 9600 + i;
    created.push(id);
    rows.push(`(${id}, 2, null, '35020399${1000 + i}', 'jagged ${i}', 1, null,
      ST_Multi(ST_GeomFromText('POLYGON((${ring.join(', ')})${hole})', 4326)), null, ${i}, ${i * 3})`);
  }
  await db.exec(`insert into grid (id, valid_from, valid_to, code, name, level, parent_id, geom, worker_id, households, population) values ${rows.join(',\n')};`);
  return created;
}

function holeRing(cx: number, cy: number, r: number): string {
  const points = [0, 1, 2, 3, 4, 5].map((k) => {
    const a = (-2 * Math.PI * k) / 6;
    return `${(cx + r * Math.cos(a)).toFixed(7)} ${(cy + r * Math.sin(a)).toFixed(7)}`;
  });
  return `(${[...points, points[0]].join(', ')})`;
}

// A small made-up community for the browser test: one community split into three grids, each split
// into two building groups, a few buildings, one grid worker and some base map. Names carry digits so
// the Latin glyph PBFs are exercised next to locally drawn Chinese.
import type { Db } from '../../server/db/db.ts';

const west = 118.108;
const east = 118.116;
const south = 24.489;
const north = 24.497;
const middle = 24.493;
const strips = [118.108, 118.1107, 118.1133, 118.116];

const box = (w: number, s: number, e: number, n: number) => `ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;

export async function seedMapFixture(db: Db): Promise<void> {
  await db.exec(`
    insert into generation (id, note) values (1, '示例数据 browser test fixture: made-up community, people and phone numbers');
    insert into staff (id, name, public_phone, office_hours) values (1, '林晓梅', '0592-5123456', '周一至周五 9:00–17:30');
    insert into grid (id, valid_from, code, name, level, parent_id, geom, households, population)
      values (1, 1, '350203001001', '康乐社区', 1, null, ${box(west, south, east, north)}, 2400, 6100);
  `);
  for (let i = 0; i < 3; i++) {
    const id = 10 + i;
    const seq = String(i + 1).padStart(3, '0');
    await db.query(
      `insert into grid (id, valid_from, code, name, level, parent_id, geom, worker_id, households, population)
       values ($1, 1, $2, $3, 2, 1, ${box(strips[i], south, strips[i + 1], north)}, $4, $5, $6)`,
      [id, `350203001001${seq}`, `康乐第${i + 1}网格`, i === 1 ? 1 : null, 780 + i * 20, 1990 + i * 40],
    );
    for (const [j, [s, n]] of [[south, middle], [middle, north]].entries()) {
      await db.query(
        `insert into grid (id, valid_from, code, name, level, parent_id, geom, households, population)
         values ($1, 1, $2, $3, 3, $4, ${box(strips[i], s, strips[i + 1], n)}, 390, 1000)`,
        [100 + i * 10 + j, `350203001001${seq}00${j + 1}`, `${i + 1}-${j + 1}楼组`, id],
      );
    }
    for (let k = 0; k < 4; k++) {
      const lon = strips[i] + (strips[i + 1] - strips[i]) * (0.3 + 0.4 * (k % 2));
      const lat = south + (north - south) * (0.2 + 0.2 * k);
      await db.query(
        `insert into building (name, kind, floors, households, population, geom) values ($1, $2, 18, 96, 250, ST_SetSRID(ST_MakePoint($3, $4), 4326))`,
        [`${i * 4 + k + 1}幢`, k === 3 ? 'shop' : 'residential', lon, lat],
      );
    }
  }
  await db.exec(`
    insert into basemap_feature (kind, name, geom) values
      ('arterial', '嘉禾路', ST_SetSRID(ST_MakeLine(ST_MakePoint(${west - 0.0008}, ${south - 0.003}), ST_MakePoint(${west - 0.0008}, ${north + 0.003})), 4326)),
      ('branch', '康乐路', ST_SetSRID(ST_MakeLine(ST_MakePoint(${west - 0.003}, ${middle}), ST_MakePoint(${east + 0.003}, ${middle})), 4326)),
      ('path', null, ST_SetSRID(ST_MakeLine(ST_MakePoint(${strips[1]}, ${south}), ST_MakePoint(${strips[1]}, ${north})), 4326)),
      ('block', null, ST_MakeEnvelope(${west + 0.0003}, ${south + 0.0003}, ${east - 0.0003}, ${middle - 0.0002}, 4326)),
      ('block', null, ST_MakeEnvelope(${west + 0.0003}, ${middle + 0.0002}, ${east - 0.0003}, ${north - 0.0003}, 4326)),
      ('green', '康乐公园', ST_MakeEnvelope(${strips[2] + 0.0004}, ${middle + 0.0006}, ${east - 0.0006}, ${north - 0.0008}, 4326)),
      ('water', '筼筜湖', ST_MakeEnvelope(${west - 0.004}, ${south - 0.002}, ${west - 0.0016}, ${north + 0.001}, 4326));
  `);
}

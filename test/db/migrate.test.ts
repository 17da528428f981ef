import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backends, closeTestDbs, openTestDb } from '../helpers/db.ts';
import { migrate, migrationFiles } from '../../server/db/migrate.ts';

for (const backend of backends) {
  describe(`migrations (${backend})`, () => {
    afterAll(closeTestDbs);

    it('records every sql/ file once and applies nothing twice', async () => {
      const db = await openTestDb(backend, 'empty');
      const { rows } = await db.query<{ name: string }>('select name from schema_migration order by name');
      expect(rows.map((r) => r.name)).toEqual(migrationFiles());
      expect(await migrate(db)).toEqual([]);
    });

    it('applies a new numbered file in order and rolls back a failing one whole', async () => {
      const db = await openTestDb(backend, 'empty');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-sql-'));
      for (const f of migrationFiles()) fs.copyFileSync(path.join('sql', f), path.join(dir, f));
      fs.writeFileSync(path.join(dir, '900_extra.sql'), 'create table extra_a (id int);');
      fs.writeFileSync(path.join(dir, '901_broken.sql'), 'create table extra_b (id int); select no_such_function();');
      await expect(migrate(db, dir)).rejects.toThrow(/no_such_function/);
      const tables = async () => (await db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_name like 'extra_%'`)).rows;
      expect(await tables()).toEqual([]);
      fs.rmSync(path.join(dir, '901_broken.sql'));
      expect(await migrate(db, dir)).toEqual(['900_extra.sql']);
      expect((await tables()).map((r) => r.t)).toEqual(['extra_a']);
    });

    it('keeps the 3857 copy and the area of a grid in step with its geometry', async () => {
      const db = await openTestDb(backend, 'empty');
      await db.query(`insert into generation (id) values (1)`);
      await db.query(`insert into grid (id, valid_from, code, name, level, geom) values (1, 1, '320113001001', 'x', 1, ST_Multi(ST_MakeEnvelope(118.8, 32.1, 118.81, 32.11, 4326)))`);
      const { rows } = await db.query<{ srid: number; same: boolean; area_m2: number }>(
        `select ST_SRID(geom_3857) as srid, ST_Equals(ST_Transform(geom_3857, 4326), geom) or ST_HausdorffDistance(ST_Transform(geom_3857, 4326), geom) < 1e-9 as same, area_m2 from grid`,
      );
      expect(rows[0]).toMatchObject({ srid: 3857, same: true });
      expect(rows[0].area_m2).toBeGreaterThan(1.04e6);
      expect(rows[0].area_m2).toBeLessThan(1.06e6);
      const rev = await db.query<{ revision: number }>(`select revision from data_revision where layer = 'grids'`);
      expect(rev.rows[0].revision).toBeGreaterThan(0);
    });
  });
}

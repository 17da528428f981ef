import { afterAll, describe, expect, it } from 'vitest';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';

describe('PGlite errors inside PostGIS', () => {
  afterAll(closeTestDbs);

  it('turns a GEOS failure PGlite would swallow into an error instead of an empty result', async () => {
    const db = await openTestDb('pglite', 'empty');
    const bowTie = `'POLYGON((0 0,10 10,10 0,0 10,0 0))'::geometry`;
    await expect(db.query(`select 1 as one union all select ST_NPoints(ST_Intersection(${bowTie}, ST_MakeEnvelope(2, -1, 5, 9)))`)).rejects.toThrow(/no result/);
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect((await db.query('select 1 as one where false')).rows).toEqual([]);
    await db.query('create temporary table t (id int)');
    expect((await db.query('insert into t values (1), (2)')).rowCount).toBe(2);
  });
});

import type { Capabilities, Queryable } from './db.ts';

async function works(db: Queryable, sql: string): Promise<boolean> {
  try {
    await db.query(sql);
    return true;
  } catch {
    return false;
  }
}

/** Probes what this PostGIS build can do; the answer decides which tile encoder and validator paths run. */
export async function probeCapabilities(db: Queryable): Promise<Capabilities> {
  const { rows } = await db.query<{ v: string }>('select postgis_lib_version() as v');
  return {
    postgis: rows[0].v,
    mvt: await works(db, `select ST_AsMVT(q) from (select 1 as id, ST_AsMVTGeom(ST_Point(0, 0, 3857), ST_TileEnvelope(0, 0, 0)) as g) q`),
    coverage: await works(db, `select ST_CoverageInvalidEdges(g) over () from (select ST_MakeEnvelope(0, 0, 1, 1) as g) s`),
  };
}

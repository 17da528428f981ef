// Reading the OGC collections from the database: which grid levels exist, extents, pages and single
// features. Every feature is built in SQL (one GeoJSON text per row) from the collection's declared
// properties, so no other column can slip into an answer.
import type { Queryable } from '../db/db.ts';
import { collectionsFor, type OgcCollection } from './ogc.collections.ts';
import type { Extent } from './ogc.documents.ts';
import { extentSql, itemSql, itemsSql, type ItemsQuery } from './ogc.query.ts';

export function ogcFeatures(db: Queryable) {
  async function collections(): Promise<OgcCollection[]> {
    const { rows } = await db.query<{ level: number }>('select distinct level from grid where valid_to is null order by level');
    return collectionsFor(rows.map((r) => Number(r.level)));
  }

  async function extent(collection: OgcCollection): Promise<Extent> {
    const { rows } = await db.query<{ west: number | null; south: number; east: number; north: number; t0: Date | string | null; t1: Date | string | null }>(extentSql(collection));
    const r = rows[0];
    const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());
    return {
      bbox: r?.west == null ? null : [r.west, r.south, r.east, r.north],
      interval: collection.temporal && r && (r.t0 !== null || r.t1 !== null) ? [iso(r.t0), iso(r.t1)] : null,
    };
  }

  async function items(collection: OgcCollection, query: ItemsQuery, staff: boolean): Promise<{ features: unknown[]; numberMatched: number }> {
    const sql = itemsSql(collection, query, staff);
    const page = await db.query<{ feature: string }>(sql.page.sql, sql.page.params);
    const count = await db.query<{ n: number }>(sql.count.sql, sql.count.params);
    return { features: page.rows.map((r) => JSON.parse(r.feature)), numberMatched: Number(count.rows[0].n) };
  }

  async function item(collection: OgcCollection, id: number, staff: boolean): Promise<({ id: unknown } & Record<string, unknown>) | null> {
    const { rows } = await db.query<{ feature: string }>(itemSql(collection, staff), [id]);
    return rows[0] ? JSON.parse(rows[0].feature) : null;
  }

  return { collections, extent, items, item };
}

export type OgcFeatures = ReturnType<typeof ogcFeatures>;

// Keeps a search index of the current places in memory, rebuilt when grids or buildings change.
import type { Db } from '../db/db.ts';
import type { Revisions } from '../plugins/revisions.plugin.ts';
import { buildSearchIndex, searchPlaces, type Place, type SearchIndex } from './search.index.ts';

// Every searchable place with a point to fly to and the deepest grid that point lies in.
const placesSql = `
with leaf as (
  select id, geom from grid g
   where valid_to is null and not exists (select 1 from grid c where c.parent_id = g.id and c.valid_to is null)
),
point as (
  select 'compound' as type, id, name, ST_PointOnSurface(geom) as p from compound where geom is not null
  union all select 'building', id, name, geom from building
  union all select 'address', id, address, geom from building where address is not null and address <> ''
  union all select 'grid', id, name, ST_PointOnSurface(geom) from grid where valid_to is null
)
select type, point.id, name, ST_X(p) as lon, ST_Y(p) as lat,
       case when type = 'grid' then point.id
            else (select leaf.id from leaf where ST_Intersects(leaf.geom, p) order by leaf.id limit 1) end as grid_id
  from point`;

export function searchRepository(db: Db, revisions: Revisions) {
  let built: { key: string; index: Promise<SearchIndex> } | undefined;

  function index(): Promise<SearchIndex> {
    const key = `${revisions.current('grids')}:${revisions.current('buildings')}`;
    if (built?.key !== key) {
      const index = db.query<Place>(placesSql).then(({ rows }) => buildSearchIndex(rows));
      built = { key, index };
      index.catch(() => { if (built?.index === index) built = undefined; }); // a failed build is retried next time
    }
    return built.index;
  }

  return {
    async search(q: string, limit?: number): Promise<Place[]> {
      return searchPlaces(await index(), q, limit);
    },
    /** builds the index ahead of the first search */
    warm: () => index().then(() => undefined),
  };
}

export type SearchRepository = ReturnType<typeof searchRepository>;

import type { Layer } from './layer.types.ts';

/**
 * Buildings with their aggregate counts: the footprint where one was mapped, the point otherwise (a
 * style tells them apart by geometry type). Households here are a number, never people: the household
 * and resident tables are not joined.
 */
export const buildingsLayer: Layer = {
  id: 'buildings',
  description: 'Buildings (楼栋) with compound and household counts',
  minzoom: 15,
  maxzoom: 18,
  sources: [
    {
      id: 'buildings',
      description: 'One footprint polygon, or a point where none was mapped, per building; the feature id is the building id',
      geometryKind: 'mixed',
      minzoom: 15,
      maxzoom: 18,
      from: 'building',
      geometry: 'coalesce(footprint_3857, geom_3857)',
      // Only the point is indexed; no footprint reaches further than this from its building's point.
      indexed: { geometry: 'geom_3857', reachMetres: 500 },
      featureId: 'id',
      properties: {
        name: 'name',
        kind: 'kind',
        floors: 'floors',
        households: 'households',
        compound_id: 'compound_id',
      },
      fields: {
        name: 'String: building name, e.g. 3幢',
        kind: 'String: residential, unit, shop or public',
        floors: 'Number: storeys above ground',
        households: 'Number: households living in the building',
        compound_id: 'Number: id of the compound (小区) the building belongs to',
      },
    },
  ],
  boundsSql: `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north
    from (select ST_Extent(coalesce(footprint, geom)) as e from building) s`,
};

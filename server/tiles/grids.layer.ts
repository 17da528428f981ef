import type { Layer } from './layer.types.ts';

/**
 * The current generation's grids, every level in one MVT layer: a map shows communities, grids and
 * building groups by filtering on `level`, and one layer keeps shared edges drawn from the same data.
 * Worker contact stays out of tiles; the kiosk asks /api/lookup for it.
 */
export const gridsLayer: Layer = {
  id: 'grids',
  description: 'Grids (网格) of the current generation: communities, grids and building groups',
  minzoom: 8,
  maxzoom: 18,
  sources: [
    {
      id: 'grids',
      description: 'One polygon per grid; the feature id is the grid id',
      geometryKind: 'polygon',
      minzoom: 8,
      maxzoom: 18,
      from: 'grid',
      where: 'valid_to is null',
      geometry: 'geom_3857',
      featureId: 'id',
      properties: {
        level: 'level',
        code: 'code',
        name: 'name',
        parent_id: 'parent_id',
        households: 'households',
        population: 'population',
      },
      fields: {
        level: 'Number: 1 community (社区), 2 grid (网格), 3 building group (楼组), deeper levels below',
        code: 'String: unit-grid code (12 digits for a community, 3 more per level)',
        name: 'String: grid name',
        parent_id: 'Number: id of the enclosing grid; absent at level 1',
        households: 'Number: households living in the grid',
        population: 'Number: residents living in the grid',
      },
    },
    {
      id: 'grid_labels',
      description: 'One label point per grid, inside it (the centre of its largest inscribed circle); drawn once however many tiles the grid spans',
      geometryKind: 'point',
      minzoom: 8,
      maxzoom: 18,
      from: 'grid',
      where: 'valid_to is null',
      geometry: 'label_3857',
      featureId: 'id',
      properties: { level: 'level', code: 'code', name: 'name' },
      fields: {
        level: 'Number: grid level (1 community, 2 grid, 3 building group)',
        code: 'String: unit-grid code',
        name: 'String: grid name',
      },
    },
  ],
  boundsSql: `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north
    from (select ST_Extent(geom) as e from grid where valid_to is null) s`,
};

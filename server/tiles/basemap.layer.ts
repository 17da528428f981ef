import type { Layer, TileSource } from './layer.types.ts';

// One MVT layer per class of base feature — water, green, blocks, roads, boundaries — so a style
// orders them by layer (water under roads) instead of by filters on one mixed layer. Roads keep
// their `kind` (arterial, branch, path) for line widths; every class keeps `name` for labels.

const basemapSource = (id: string, description: string, kinds: string[], geometryKind: TileSource['geometryKind'], withKind: boolean): TileSource => ({
  id,
  description,
  geometryKind,
  minzoom: 10,
  maxzoom: 18,
  from: 'basemap_feature',
  where: `kind in (${kinds.map((k) => `'${k}'`).join(', ')})`,
  geometry: 'geom_3857',
  featureId: 'id',
  properties: withKind ? { kind: 'kind', name: 'name' } : { name: 'name' },
  fields: withKind
    ? { kind: `String: ${kinds.join(', ')}`, name: 'String: label, absent when unnamed' }
    : { name: 'String: label, absent when unnamed' },
});

export const basemapLayer: Layer = {
  id: 'basemap',
  description: 'Base map of the district: water, green, blocks, roads and boundaries',
  minzoom: 10,
  maxzoom: 18,
  sources: [
    basemapSource('water', 'Rivers, lakes and ponds', ['water'], 'mixed', false),
    basemapSource('green', 'Parks and green space', ['green'], 'mixed', false),
    basemapSource('blocks', 'Street blocks (街坊)', ['block'], 'polygon', false),
    basemapSource('roads', 'Roads by class', ['arterial', 'branch', 'path'], 'line', true),
    basemapSource('boundaries', 'Administrative boundaries', ['boundary'], 'mixed', false),
  ],
  boundsSql: `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north
    from (select ST_Extent(geom) as e from basemap_feature) s`,
};

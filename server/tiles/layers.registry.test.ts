import { describe, expect, it } from 'vitest';
import { checkLayers, defaultLayers } from './layers.registry.ts';
import { gridsLayer } from './grids.layer.ts';
import type { Layer } from './layer.types.ts';

const withSource = (patch: Partial<Layer['sources'][number]>, id = 'probe'): Layer => ({
  ...gridsLayer,
  id,
  sources: [{ ...gridsLayer.sources[0], id: `${id}-source`, ...patch }],
});

describe('tile layer registry', () => {
  it('accepts the published layers, in order', () => {
    expect([...checkLayers(defaultLayers).keys()]).toEqual(['grids', 'buildings', 'basemap', 'events']);
  });

  it('refuses a layer that reads personal tables or names a personal property', () => {
    expect(() => checkLayers([withSource({ from: 'building b join household h on h.building_id = b.id' })])).toThrow(/reads household/);
    expect(() => checkLayers([withSource({ from: 'event join event_reporter r on r.event_id = event.id' })])).toThrow(/reads event_reporter/);
    expect(() => checkLayers([withSource({ properties: { worker_phone: 's.public_phone' } })])).toThrow(/worker_phone.*personal/);
    expect(() => checkLayers([withSource({ properties: { id_number: 'x' } })])).toThrow(/personal/);
  });

  it('refuses duplicate ids and properties that would shadow the feature id or geometry', () => {
    expect(() => checkLayers([gridsLayer, gridsLayer])).toThrow(/defined twice/);
    expect(() => checkLayers([withSource({ id: 'grids' }, 'other'), gridsLayer])).toThrow(/appears in two tile layers/);
    expect(() => checkLayers([withSource({ properties: { geom: 'geom' } })])).toThrow(/property named geom/);
    expect(() => checkLayers([{ ...gridsLayer, id: 'Grids/../x' }])).toThrow(/lower-case URL word/);
  });
});

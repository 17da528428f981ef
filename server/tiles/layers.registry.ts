// The tile layers this service publishes, and the rules every layer definition must pass before a
// single tile is served: tiles are public, so personal data is refused at definition time too.
import type { Layer } from './layer.types.ts';
import { gridsLayer } from './grids.layer.ts';
import { buildingsLayer } from './buildings.layer.ts';
import { basemapLayer } from './basemap.layer.ts';
import { eventsLayer } from './events.layer.ts';

export const defaultLayers: readonly Layer[] = [gridsLayer, buildingsLayer, basemapLayer, eventsLayer];

/** Tables holding people (一户一档, staff ID numbers, reporters' contacts); no tile may read them. */
export const personalTables = ['household', 'resident', 'staff_private', 'event_reporter'] as const;

/** Property names that would mean personal data slipped into a public tile. */
export const personalPropertyPattern = /id_?number|phone|mobile|resident|reporter|private|identity|身份证|电话|手机/i;

/** The `id` and `geom` columns are the encoders' own; a property of that name would shadow them. */
const reservedProperties = new Set(['id', 'geom']);

/** Checks a set of layer definitions; throws on the first that breaks a rule (a programming error). */
export function checkLayers(layers: readonly Layer[]): Map<string, Layer> {
  const byId = new Map<string, Layer>();
  const sourceIds = new Set<string>();
  for (const layer of layers) {
    if (!/^[a-z][a-z0-9_-]*$/.test(layer.id)) throw new Error(`tile layer id "${layer.id}" must be a lower-case URL word`);
    if (byId.has(layer.id)) throw new Error(`tile layer "${layer.id}" is defined twice`);
    byId.set(layer.id, layer);
    for (const source of layer.sources) {
      if (sourceIds.has(source.id)) throw new Error(`MVT layer "${source.id}" appears in two tile layers`);
      sourceIds.add(source.id);
      const tables = source.from.toLowerCase().split(/[^a-z_]+/);
      const personal = personalTables.find((t) => tables.includes(t));
      if (personal) throw new Error(`tile layer "${layer.id}" reads ${personal}, which holds personal data`);
      for (const name of Object.keys(source.properties)) {
        if (reservedProperties.has(name)) throw new Error(`tile layer "${layer.id}" may not have a property named ${name}`);
        if (personalPropertyPattern.test(name)) throw new Error(`tile layer "${layer.id}" property "${name}" looks like personal data`);
      }
    }
  }
  return byId;
}

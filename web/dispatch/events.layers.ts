// The dispatch map's layers over one clustered GeoJSON source: clusters at low zoom, points coloured by
// state with a red ring when overdue, and a heatmap that can be switched on instead of the points.
import type { Map as MapLibreMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { DispatchEvent } from './dispatch.api.ts';
import { STATUS_COLOURS } from './dispatch.i18n.ts';

export const EVENTS_SOURCE = 'dispatch-events';
export const POINT_LAYER = 'dispatch-event-points';
const CLUSTER_LAYER = 'dispatch-event-clusters';
const COUNT_LAYER = 'dispatch-event-count';
const HEAT_LAYER = 'dispatch-event-heat';

export function toFeatures(events: Iterable<DispatchEvent>): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: [...events].map((e) => ({ type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: [e.lon, e.lat] }, properties: { id: e.id, status: e.status, category: e.category, overdue: e.overdue } })),
  };
}

const colourByStatus = ['match', ['get', 'status'], ...Object.entries(STATUS_COLOURS).flat(), '#666'] as unknown as string;

export function addEventLayers(map: MapLibreMap): void {
  map.addSource(EVENTS_SOURCE, { type: 'geojson', data: toFeatures([]), cluster: true, clusterMaxZoom: 15, clusterRadius: 40, clusterProperties: { overdue: ['+', ['case', ['get', 'overdue'], 1, 0]] } });
  map.addLayer({ id: HEAT_LAYER, type: 'heatmap', source: EVENTS_SOURCE, layout: { visibility: 'none' }, paint: { 'heatmap-weight': ['case', ['has', 'point_count'], ['get', 'point_count'], 1], 'heatmap-radius': 30, 'heatmap-opacity': 0.8 } });
  map.addLayer({
    id: CLUSTER_LAYER, type: 'circle', source: EVENTS_SOURCE, filter: ['has', 'point_count'],
    paint: {
      'circle-color': ['case', ['>', ['get', 'overdue'], 0], '#f03b20', '#3182bd'],
      'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 24, 200, 30],
      'circle-opacity': 0.85, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
    },
  });
  map.addLayer({ id: COUNT_LAYER, type: 'symbol', source: EVENTS_SOURCE, filter: ['has', 'point_count'], layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 13 }, paint: { 'text-color': '#fff' } });
  map.addLayer({
    id: POINT_LAYER, type: 'circle', source: EVENTS_SOURCE, filter: ['!', ['has', 'point_count']],
    paint: { 'circle-color': colourByStatus, 'circle-radius': 8, 'circle-stroke-color': ['case', ['get', 'overdue'], '#b10026', '#ffffff'], 'circle-stroke-width': ['case', ['get', 'overdue'], 3, 1.5] },
  });
}

export function setEvents(map: MapLibreMap, events: Iterable<DispatchEvent>): void {
  (map.getSource(EVENTS_SOURCE) as GeoJSONSource | undefined)?.setData(toFeatures(events));
}

export function showHeatmap(map: MapLibreMap, on: boolean): void {
  map.setLayoutProperty(HEAT_LAYER, 'visibility', on ? 'visible' : 'none');
  for (const id of [CLUSTER_LAYER, COUNT_LAYER, POINT_LAYER]) map.setLayoutProperty(id, 'visibility', on ? 'none' : 'visible');
}

// How a plan shows on the map: the plan's grids of the open community from a GeoJSON source the store
// owns (replacing the published grids there, which the vector tiles keep drawing everywhere else), the
// validation issues over them, and fill colours by household deviation when the balance view is on.
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Issue } from '../../server/geometry/coverage.types.ts';
import { deviationBand, type DeviationBand } from '../../server/geometry/balance.ts';
import type { PlanGrid } from './plan.api.ts';

export const PLAN_SOURCE = 'plan-grids';
export const ISSUE_SOURCE = 'plan-issues';
export const PLAN_FILL = 'plan-grid-fill';
export const ISSUE_FILL = 'plan-issue-fill';
const PLAN_LINE = 'plan-grid-line';
const PLAN_LABEL = 'plan-grid-label';
const ISSUE_LINE = 'plan-issue-line';
const ISSUE_POINT = 'plan-issue-point';

/** the tile layers that draw published grids; inside the open plan they give way to the plan's own */
const tileGridLayers = ['community-fill', 'grid-fill', 'building-group-fill', 'building-group-line', 'grid-outline', 'community-outline', 'grid-selected-outline', 'building-group-label', 'grid-label', 'community-label', 'community-boundary-label'];

export const bandColours: Record<DeviationBand, string> = {
  'far-under': '#2166ac',
  under: '#92c5de',
  fine: '#a6d96a',
  over: '#f4a582',
  'far-over': '#b2182b',
};

const levelColours: ExpressionSpecification = ['match', ['get', 'level'], 1, '#3d5a99', 2, '#4e79a7', '#6c5ce7'];

export function addPlanLayers(map: MapLibreMap): void {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  map.addSource(PLAN_SOURCE, { type: 'geojson', data: empty, promoteId: 'id' });
  map.addSource(ISSUE_SOURCE, { type: 'geojson', data: empty });
  // beneath the basemap labels and building points, above everything else the tiles draw
  const before = map.getLayer('building-point') ? 'building-point' : undefined;
  map.addLayer({
    id: PLAN_FILL, type: 'fill', source: PLAN_SOURCE,
    filter: ['==', ['get', 'level'], 2],
    paint: {
      'fill-color': ['case', ['has', 'band'], ['get', 'bandColour'], levelColours],
      'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.45, ['boolean', ['get', 'locked'], false], 0.35, 0.2],
    },
  }, before);
  map.addLayer({
    id: PLAN_LINE, type: 'line', source: PLAN_SOURCE,
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#d9480f', ['match', ['get', 'level'], 1, '#2c4a86', 2, '#333333', '#5f5a73']],
      'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, ['match', ['get', 'level'], 1, 4, 2, 1.8, 0.9]],
    },
  }, before);
  map.addLayer({
    id: ISSUE_FILL, type: 'fill', source: ISSUE_SOURCE, filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'fill-color': ['match', ['get', 'type'], 'overlap', '#e8590c', '#e03131'], 'fill-opacity': 0.55 },
  });
  map.addLayer({
    id: ISSUE_LINE, type: 'line', source: ISSUE_SOURCE, filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': '#c92a2a', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: ISSUE_POINT, type: 'circle', source: ISSUE_SOURCE, filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 7, 'circle-color': '#e03131', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: PLAN_LABEL, type: 'symbol', source: PLAN_SOURCE, filter: ['==', ['get', 'level'], 2],
    layout: { 'text-field': ['concat', ['get', 'name'], '\n', ['to-string', ['get', 'households']], '户'], 'text-size': 12, 'text-font': ['Noto Sans CJK SC Regular'] },
    paint: { 'text-color': '#222', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
  });
}

/** which plan level answers clicks and carries labels and balance colours */
export function setEditLevel(map: MapLibreMap, level: number): void {
  for (const id of [PLAN_FILL, PLAN_LABEL]) map.setFilter(id, ['==', ['get', 'level'], level]);
}

export interface GridPaint {
  /** colour by household deviation from this target (null: by level) */
  target: number | null;
  /** the level whose grids are balanced */
  level: number;
  locked: ReadonlySet<number>;
}

export function planFeature(g: PlanGrid, paint: GridPaint): Feature {
  const properties: Record<string, unknown> = { ...g.properties, locked: paint.locked.has(g.id) };
  if (paint.target !== null && g.properties.level === paint.level) {
    const band = deviationBand((g.properties.households - paint.target) / paint.target);
    properties.band = band;
    properties.bandColour = bandColours[band];
  }
  return { type: 'Feature', id: g.id, geometry: g.geometry, properties };
}

export function setPlanGrids(map: MapLibreMap, grids: readonly PlanGrid[], paint: GridPaint): void {
  (map.getSource(PLAN_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: grids.map((g) => planFeature(g, paint)) });
  hidePublished(map, grids.map((g) => g.id));
}

/** Only the geometries a drag moves: an incremental update, so a frame costs the few grids touched, not the community. */
export function movePlanGrids(map: MapLibreMap, moved: ReadonlyArray<{ id: number; geometry: PlanGrid['geometry']; households?: number }>): void {
  (map.getSource(PLAN_SOURCE) as GeoJSONSource | undefined)?.updateData({
    update: moved.map((g) => ({
      id: g.id,
      newGeometry: g.geometry,
      // the label shows the live household count
      ...(g.households === undefined ? {} : { addOrUpdateProperties: [{ key: 'households', value: g.households }] }),
    })),
  });
}

/** the style's own filters, before the plan's grids were cut out of them */
const originalFilters = new WeakMap<MapLibreMap, Map<string, FilterSpecification | null>>();

function hidePublished(map: MapLibreMap, ids: number[]): void {
  const hide: FilterSpecification = ['!', ['in', ['id'], ['literal', ids]]];
  for (const id of tileGridLayers) {
    const layer = map.getLayer(id);
    if (!layer) continue;
    const known = originalFilters.get(map) ?? new Map<string, FilterSpecification | null>();
    originalFilters.set(map, known);
    if (!known.has(id)) known.set(id, (map.getFilter(id) as FilterSpecification | undefined) ?? null);
    const original = known.get(id)!;
    map.setFilter(id, original ? (['all', original, hide] as FilterSpecification) : hide);
  }
}

export function setIssues(map: MapLibreMap, issues: readonly Issue[]): void {
  const features: Feature[] = issues
    .filter((i) => i.geometry)
    .map((i, index) => ({ type: 'Feature', id: index, geometry: i.geometry!, properties: { type: i.type, severity: i.severity, area_m2: i.area_m2 } }));
  (map.getSource(ISSUE_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
}

export function setSelectedGrids(map: MapLibreMap, previous: readonly number[], next: readonly number[]): void {
  for (const id of previous) map.setFeatureState({ source: PLAN_SOURCE, id }, { selected: false });
  for (const id of next) map.setFeatureState({ source: PLAN_SOURCE, id }, { selected: true });
}

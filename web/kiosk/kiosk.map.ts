// The kiosk's additions to the shared map (useMap): touch gestures only a resident needs (pan, pinch;
// no rotation or tilt), the highlighted grid chain, the "you are here" and picked-place markers, and
// stronger grid outlines for high contrast. Highlights are layers filtered by feature id on the grids
// source, drawn above the shared style, so nothing here changes how other pages look.
import { Marker, type FilterSpecification, type LngLatBoundsLike, type Map as MapLibreMap, type VectorTileSource } from 'maplibre-gl';
import { gridFeatureSource } from '../map/grid.layers.ts';
import type { GridChain } from './grid.chain.ts';
import type { Bounds, KioskHome, Place } from './kiosk.params.ts';

export interface KioskMap {
  highlight(chain: GridChain): void;
  setHighContrast(on: boolean): void;
  /** the marker of the place the card is about (a touch or a search result); null hides it */
  setPicked(place: Place | null): void;
  setYouAreHere(place: Place, label: string): void;
  /**
   * the home view: the kiosk's place at its zoom, or at the zoom that shows every grid. Call it after
   * the DOM has settled (nextTick): the search panel closing resizes the map.
   */
  showHome(home: KioskHome, animate: boolean): void;
  /** flies to a place found by search, close enough to see its buildings */
  flyTo(place: Place): void;
  dispose(): void;
}

/** Values copied back and forth between a layer and its high-contrast version: their exact type is the layer's business. */
const setPaint = (map: MapLibreMap, layerId: string, name: string, value: unknown) =>
  map.setPaintProperty(layerId, name as 'line-color', value as never);

const layer = {
  buildingGroupFill: 'kiosk-building-group-fill',
  communityOutline: 'kiosk-community-outline',
  gridCasing: 'kiosk-grid-casing',
  gridOutline: 'kiosk-grid-outline',
} as const;

/** The shared style's layers that high contrast strengthens, with their kiosk values. */
const contrastPaint: Array<{ layer: string; property: 'line-color' | 'line-width' | 'fill-opacity'; value: unknown }> = [
  { layer: 'grid-outline', property: 'line-color', value: '#000000' },
  { layer: 'grid-outline', property: 'line-width', value: ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 4] },
  { layer: 'community-outline', property: 'line-color', value: '#000000' },
  { layer: 'community-outline', property: 'line-width', value: ['interpolate', ['linear'], ['zoom'], 12, 4, 17, 7] },
  { layer: 'grid-fill', property: 'fill-opacity', value: 0.35 },
];

const highlightPaint = {
  normal: { outline: '#d9480f', outlineWidth: 6, casingWidth: 11, fill: '#f08c00', fillOpacity: 0.35, community: '#1f3a73' },
  contrast: { outline: '#c00000', outlineWidth: 9, casingWidth: 15, fill: '#ffd400', fillOpacity: 0.55, community: '#000000' },
};

const noFeature: FilterSpecification = ['==', ['id'], -1];
const featureIs = (id: number | undefined | null): FilterSpecification => (id == null ? noFeature : ['==', ['id'], id]);

/** Zoom for a place found by search: close enough to see the buildings around it. */
const placeZoom = 17;

export function setupKioskMap(map: MapLibreMap, onTap: (place: Place) => void): KioskMap {
  // A kiosk screen is touched by many hands: no gesture may leave the map rotated or tilted.
  map.dragRotate.disable();
  map.touchPitch.disable();
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.setMaxPitch(0);

  addHighlightLayers(map);
  const original = contrastPaint.map((p) => ({ ...p, value: map.getPaintProperty(p.layer, p.property) }));

  const onClick = (e: { lngLat: { lng: number; lat: number } }) => onTap({ lon: e.lngLat.lng, lat: e.lngLat.lat });
  map.on('click', onClick);

  let youAreHere: Marker | null = null;
  let picked: Marker | null = null;
  let fittedZoom: number | null = null;

  return {
    highlight(chain) {
      map.setFilter(layer.communityOutline, featureIs(chain.community?.id));
      map.setFilter(layer.gridCasing, featureIs(chain.grid?.id));
      map.setFilter(layer.gridOutline, featureIs(chain.grid?.id));
      // a building group is filled only when it is not the grid itself (a district without level 3)
      map.setFilter(layer.buildingGroupFill, featureIs(chain.buildingGroup && chain.buildingGroup.id !== chain.grid?.id ? chain.buildingGroup.id : null));
    },
    setHighContrast(on) {
      for (const p of on ? contrastPaint : original) if (map.getLayer(p.layer)) setPaint(map, p.layer, p.property, p.value);
      const paint = on ? highlightPaint.contrast : highlightPaint.normal;
      map.setPaintProperty(layer.gridOutline, 'line-color', paint.outline);
      map.setPaintProperty(layer.gridOutline, 'line-width', paint.outlineWidth);
      map.setPaintProperty(layer.gridCasing, 'line-width', paint.casingWidth);
      map.setPaintProperty(layer.buildingGroupFill, 'fill-color', paint.fill);
      map.setPaintProperty(layer.buildingGroupFill, 'fill-opacity', paint.fillOpacity);
      map.setPaintProperty(layer.communityOutline, 'line-color', paint.community);
    },
    setPicked(place) {
      if (!place) {
        picked?.remove();
        picked = null;
        return;
      }
      picked ??= new Marker({ element: pinElement(), anchor: 'bottom' });
      picked.setLngLat([place.lon, place.lat]).addTo(map);
    },
    setYouAreHere(place, label) {
      youAreHere ??= new Marker({ element: youAreHereElement(), anchor: 'center' });
      youAreHere.getElement().querySelector('.kiosk-here-label')!.textContent = label;
      youAreHere.setLngLat([place.lon, place.lat]).addTo(map);
    },
    showHome(home, animate) {
      fitToContainer(map);
      fittedZoom ??= zoomShowingGrids(map);
      const zoom = home.zoom ?? fittedZoom ?? map.getZoom();
      const camera = { center: [home.lon, home.lat] as [number, number], zoom, bearing: 0, pitch: 0 };
      if (animate) map.easeTo({ ...camera, duration: 600 });
      else map.jumpTo(camera);
    },
    flyTo(place) {
      fitToContainer(map);
      map.flyTo({ center: [place.lon, place.lat], zoom: Math.max(map.getZoom(), placeZoom), duration: 1200, essential: true });
    },
    dispose() {
      map.off('click', onClick);
      youAreHere?.remove();
      picked?.remove();
    },
  };
}

/**
 * Takes the container's size now. Closing the search panel resizes the map (in portrait); MapLibre
 * would notice a frame later, in the middle of the camera's animation, which then ends off target.
 */
function fitToContainer(map: MapLibreMap): void {
  const canvas = map.getCanvas();
  const container = map.getContainer();
  if (canvas.clientWidth !== container.clientWidth || canvas.clientHeight !== container.clientHeight) map.resize();
}

function addHighlightLayers(map: MapLibreMap): void {
  // under the building dots and every label, over the grid fills and outlines
  const before = map.getLayer('building-point') ? 'building-point' : undefined;
  const source = { source: gridFeatureSource.source, 'source-layer': gridFeatureSource.sourceLayer };
  const paint = highlightPaint.normal;
  map.addLayer({ id: layer.buildingGroupFill, type: 'fill', ...source, filter: noFeature, paint: { 'fill-color': paint.fill, 'fill-opacity': paint.fillOpacity } }, before);
  map.addLayer({ id: layer.communityOutline, type: 'line', ...source, filter: noFeature, layout: { 'line-join': 'round' }, paint: { 'line-color': paint.community, 'line-width': 5, 'line-dasharray': [3, 1.5] } }, before);
  map.addLayer({ id: layer.gridCasing, type: 'line', ...source, filter: noFeature, layout: { 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': paint.casingWidth } }, before);
  map.addLayer({ id: layer.gridOutline, type: 'line', ...source, filter: noFeature, layout: { 'line-join': 'round' }, paint: { 'line-color': paint.outline, 'line-width': paint.outlineWidth } }, before);
}

/** The grids' extent from their TileJSON, once it has arrived; null for an empty layer (world bounds). */
export function gridBounds(map: MapLibreMap): Promise<Bounds | null> {
  const read = (): Bounds | null | undefined => {
    const source = map.getSource(gridFeatureSource.source) as VectorTileSource | undefined;
    if (!source?.loaded()) return undefined;
    const bounds = source.bounds as Bounds | undefined;
    return bounds && bounds[2] - bounds[0] <= 180 ? bounds : null;
  };
  const now = read();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const onData = () => {
      const bounds = read();
      if (bounds === undefined) return;
      map.off('sourcedata', onData);
      resolve(bounds);
    };
    map.on('sourcedata', onData);
  });
}

function zoomShowingGrids(map: MapLibreMap): number | null {
  const bounds = (map.getSource(gridFeatureSource.source) as VectorTileSource | undefined)?.bounds;
  if (!bounds || bounds[2] - bounds[0] > 180) return null;
  const camera = map.cameraForBounds(bounds as LngLatBoundsLike, { padding: 40, maxZoom: 17 });
  return camera?.zoom ?? null;
}

// Markers never take a touch: a tap on one looks up the map under it like anywhere else.
function youAreHereElement(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'kiosk-here';
  element.dataset.testid = 'you-are-here';
  element.innerHTML = '<span class="kiosk-here-pulse"></span><span class="kiosk-here-dot"></span><span class="kiosk-here-label"></span>';
  return element;
}

function pinElement(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'kiosk-pin';
  element.dataset.testid = 'picked-place';
  element.innerHTML = '<svg viewBox="0 0 32 44" width="40" height="55" aria-hidden="true"><path d="M16 43C16 43 2 25.5 2 16a14 14 0 0 1 28 0c0 9.5-14 27-14 27z" fill="#d9480f" stroke="#fff" stroke-width="2.5"/><circle cx="16" cy="16" r="5.5" fill="#fff"/></svg>';
  return element;
}

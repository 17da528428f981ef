// The one map composable behind every page (map, editor, kiosk, dispatch): it loads our basemap style,
// creates the MapLibre map in a container and tears it down with the component. The map object is
// kept out of Vue's reactivity: proxying MapLibre's internals would slow every frame and break
// identity checks inside the library.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { addProtocol, Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type StyleSpecification, type VectorTileSource } from 'maplibre-gl';
import { Protocol as PmtilesProtocol } from 'pmtiles';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { t } from '../i18n/i18n.ts';
import { resolveStyleUrls } from './style.resolve.ts';

// The worker must be our own bundled copy: by default MapLibre looks for it beside its module, which
// is not where Vite puts it.
setWorkerUrl(workerUrl);
// a configured basemap may be a PMTiles archive in tiles/ (BASEMAP), read by HTTP range requests
addProtocol('pmtiles', new PmtilesProtocol().tile);

export const basemapStyleUrl = '/basemap/style.json';

/**
 * Chinese labels are drawn by the browser from local fonts rather than fetched as glyph PBFs: the
 * glyph files for 20,000 ideographs would outweigh the app. Listed in the order a kiosk PC, a Linux
 * server desktop and a Mac are likely to have them.
 */
export const localIdeographFontFamily = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

declare global {
  interface Window {
    /** the page's map, for browser tests and for poking at it from the devtools console */
    __wanggeMap?: MapLibreMap;
  }
}

export interface MapHandle {
  /** the map once created (null before mount and after unmount); never reactive */
  map(): MapLibreMap | null;
  /** true once the style and its sources have loaded */
  ready: Ref<boolean>;
  /** why the map could not be shown, if it could not */
  error: Ref<string | null>;
  /** runs `fn` with the map when it has loaded (at once if it already has) */
  onReady(fn: (map: MapLibreMap) => void): void;
  /** re-reads our layers' TileJSON, whose tile URLs name the data revision: after a publish, the new grids */
  refreshData(): void;
}

export interface MapOptions {
  /** fit the view to the grids' extent once their TileJSON arrives (default true) */
  fitToGrids?: boolean;
}

export function useMap(container: Ref<HTMLElement | null>, options: MapOptions = {}): MapHandle {
  let map: MapLibreMap | null = null;
  const ready = ref(false);
  const error = ref<string | null>(null);
  const waiting: Array<(map: MapLibreMap) => void> = [];
  let unmounted = false;

  onMounted(async () => {
    try {
      const style = await loadStyle();
      // the page may have been left while the style was on its way
      if (unmounted || !container.value) return;
      map = createMap(container.value, style);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return;
    }
    const created = map;
    window.__wanggeMap = created;
    if (options.fitToGrids !== false) fitToGridsOnce(created);
    created.on('error', (e) => {
      // MapLibre logs errors only when nobody listens; keep them visible in the console.
      console.error(e.error);
      if (!ready.value) error.value = e.error?.message ?? String(e.error);
    });
    created.once('load', () => {
      ready.value = true;
      error.value = null;
      for (const fn of waiting.splice(0)) fn(created);
    });
  });

  // A page left open for hours (a kiosk, the dispatch wall) picks up published grids when it is looked at again.
  const onVisible = () => {
    if (document.visibilityState === 'visible' && map && ready.value) refreshTileJson(map);
  };
  document.addEventListener('visibilitychange', onVisible);

  onBeforeUnmount(() => {
    unmounted = true;
    document.removeEventListener('visibilitychange', onVisible);
    if (window.__wanggeMap === map) delete window.__wanggeMap;
    map?.remove();
    map = null;
  });

  return {
    map: () => map,
    ready,
    error,
    onReady(fn) {
      if (map && ready.value) fn(map);
      else waiting.push(fn);
    },
    refreshData() {
      if (map && ready.value) refreshTileJson(map);
    },
  };
}

/** Tile URLs are immutable per data revision (cached forever); a fresh TileJSON names the current one. */
function refreshTileJson(map: MapLibreMap): void {
  for (const [id, source] of Object.entries(map.getStyle().sources)) {
    if (source.type !== 'vector' || typeof source.url !== 'string' || !/\/tiles\/[^/]+\.json/.test(source.url)) continue;
    (map.getSource(id) as VectorTileSource | undefined)?.setUrl(source.url);
  }
}

async function loadStyle(): Promise<StyleSpecification> {
  const res = await fetch(basemapStyleUrl);
  if (!res.ok) throw new Error(`${basemapStyleUrl}: ${res.status} ${res.statusText}`);
  return resolveStyleUrls((await res.json()) as StyleSpecification, window.location.href);
}

function createMap(container: HTMLElement, style: StyleSpecification): MapLibreMap {
  const map = new MapLibreMap({
    container,
    style,
    localIdeographFontFamily,
    // Attribution of our own data is the demo badge and the README; nothing here links outside.
    attributionControl: false,
    maxPitch: 0,
    dragRotate: false,
    locale: { 'Map.Title': t('map.title'), 'NavigationControl.ZoomIn': t('map.zoomIn'), 'NavigationControl.ZoomOut': t('map.zoomOut') },
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  return map;
}

/** TileJSON bounds of an empty layer span the world; fitting to them would show the whole planet. */
const isWholeWorld = ([west, , east]: [number, number, number, number]) => east - west > 180;

function fitToGridsOnce(map: MapLibreMap): void {
  const onData = (e: { sourceId?: string; sourceDataType?: string }) => {
    if (e.sourceId !== 'grids' || e.sourceDataType !== 'metadata') return;
    map.off('sourcedata', onData);
    const bounds = (map.getSource('grids') as VectorTileSource | undefined)?.bounds;
    if (bounds && !isWholeWorld(bounds)) map.fitBounds(bounds, { padding: 32, maxZoom: 17, animate: false });
  };
  map.on('sourcedata', onData);
}

// Hover and selection of grids on the map. The highlight is feature state on the grids source, so the
// style (not this code) decides how a hovered or selected grid looks, and the tiles need no reload.
import type { Map as MapLibreMap, MapMouseEvent, PointLike } from 'maplibre-gl';
import type { GridLevel } from '../api/grid.api.ts';
import { gridFeatureSource, gridFillLayer } from './grid.layers.ts';

export interface GridInteraction {
  setLevel(level: GridLevel): void;
  setSelected(id: number | null): void;
  dispose(): void;
}

export interface GridInteractionOptions {
  level: GridLevel;
  /** a click on the map: the grid of the current level under it, or null outside every grid */
  onPick(id: number | null): void;
}

export function bindGridInteraction(map: MapLibreMap, options: GridInteractionOptions): GridInteraction {
  let level = options.level;
  let hovered: number | null = null;
  let selected: number | null = null;

  const setState = (id: number | null, state: Record<string, boolean>) => {
    if (id !== null) map.setFeatureState({ ...gridFeatureSource, id }, state);
  };

  const setHovered = (id: number | null) => {
    if (id === hovered) return;
    setState(hovered, { hover: false });
    hovered = id;
    setState(hovered, { hover: true });
    map.getCanvas().style.cursor = id === null ? '' : 'pointer';
  };

  const onMove = (e: MapMouseEvent) => setHovered(gridAt(map, e.point, level));
  const onOut = () => setHovered(null);
  const onClick = (e: MapMouseEvent) => options.onPick(gridAt(map, e.point, level));

  map.on('mousemove', onMove);
  map.on('mouseout', onOut);
  map.on('click', onClick);

  return {
    setLevel(next) {
      level = next;
      setHovered(null);
    },
    setSelected(id) {
      setState(selected, { selected: false });
      selected = id;
      setState(selected, { selected: true });
    },
    dispose() {
      map.off('mousemove', onMove);
      map.off('mouseout', onOut);
      map.off('click', onClick);
    },
  };
}

/** The id of the grid of `level` drawn under the point, or null. */
export function gridAt(map: MapLibreMap, point: PointLike, level: GridLevel): number | null {
  const layer = gridFillLayer[level];
  if (!map.getLayer(layer)) return null;
  const [feature] = map.queryRenderedFeatures(point, { layers: [layer] });
  return typeof feature?.id === 'number' ? feature.id : null;
}

// Wires the editing session to the map: the plan's layers follow the store, terra-draw holds the selected
// grid, and a drag of one of its vertices moves that vertex in every loaded grid that shares it — on the
// map at every pointer move (only the touched grids are re-sent to MapLibre), saved as one step on drop.
import { watch } from 'vue';
import type { LngLatBoundsLike, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { LineString, Polygon } from 'geojson';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import { interiorPoint } from '../../server/geometry/interior.point.ts';
import { polygonsCover } from '../../server/geometry/point.contains.ts';
import { gridSnapTargets, snap, type SnapTargets } from '../../server/geometry/snap.ts';
import {
  findSharedVertex, insertSharedVertex, placeVertex, polygonsOf, removeSharedVertex, samePosition, type TopoGrid, type VertexRef,
} from '../../server/geometry/topology.shared-vertex.ts';
import type { MapHandle } from '../map/useMap.ts';
import { t } from '../i18n/i18n.ts';
import { DrawSession } from './draw.session.ts';
import { balanceLevel, useEditorStore } from './editor.store.ts';
import { et } from './editor.i18n.ts';
import { dragEnded, dragFrame, recordDragWork } from './frame.meter.ts';
import { buildingSamples, householdsIn, liveFacts, type BuildingSample, type LiveFacts } from './live.counts.ts';
import { addPlanLayers, movePlanGrids, PLAN_FILL, setEditLevel, setIssues, setPlanGrids, setSelectedGrids } from './plan.layers.ts';
import type { PlanGrid } from './plan.api.ts';

const buildingLayers = ['building-footprint', 'building-point'];

interface Drag {
  gridId: number;
  from: Position2;
  refs: VertexRef[];
  base: TopoGrid[];
  /** a grid the move may not touch (locked, or the plan's fixed scope): the drag is refused on drop */
  frozen: boolean;
  samples: BuildingSample[];
  /** households the samples put in each moving grid before the drag */
  start: Map<string, number>;
}

declare global {
  interface Window {
    /** the editor's session, for browser tests and the benchmark */
    __wanggeEditor?: { store: ReturnType<typeof useEditorStore>; draw: DrawSession | null };
  }
}

export function useEditorMap(handle: MapHandle): void {
  const store = useEditorStore();
  let draw: DrawSession | null = null;
  let drag: Drag | null = null;
  let grabbed: Position2 | null = null;
  let snapTargets: SnapTargets | null = null;
  let lastDrawAction = 0;
  let pendingBuildings: { building_ids?: number[]; compound_id?: number } | null = null;
  window.__wanggeEditor = { store, draw: null };

  const paint = () => ({ target: store.colourByBalance ? store.target : null, level: balanceLevel, locked: store.locked });
  const frozen = (id: number) => store.locked.has(id) || id === store.plan?.scope_grid_id;

  handle.onReady((map) => {
    // Shift+click adds a grid to the selection (for a merge) rather than starting a box zoom
    map.boxZoom.disable();
    addPlanLayers(map);
    setEditLevel(map, store.editLevel);
    draw = new DrawSession(map, {
      vertexMove: (gridId, from, to) => moveVertex(map, gridId, from, to),
      vertexDrop: (gridId, from, to) => void dropVertex(map, gridId, from, to),
      vertexInsert: (gridId, a, b, at) => void topologyEdit(et('step.insert'), insertSharedVertex(editable(gridId), a, b, at), gridId),
      vertexDelete: (gridId, at) => void topologyEdit(et('step.removeVertex'), removeSharedVertex(editable(gridId), at), gridId),
      polygonDrawn: (polygon) => void drawn(polygon),
      lineDrawn: (line) => void splitBy(line),
      snap: (pointer) => snapPointer(map, pointer),
    });
    window.__wanggeEditor = { store, draw };
    map.on('click', (e) => onClick(map, e));
    refreshGrids(map);
    setIssues(map, store.issues);
  });

  const withMap = (fn: (map: MapLibreMap) => void) => {
    const map = handle.map();
    if (map && handle.ready.value) fn(map);
  };

  function refreshGrids(map: MapLibreMap): void {
    setPlanGrids(map, store.gridList, paint());
    setSelectedGrids(map, [], store.selected);
    snapTargets = null;
  }

  watch(() => [store.grids, store.colourByBalance, store.target, store.locked], () => withMap(refreshGrids));
  watch(() => store.issues, (issues) => withMap((map) => setIssues(map, issues)));
  watch(() => store.editLevel, (level) => withMap((map) => setEditLevel(map, level)));
  watch(() => store.tool, (tool) => {
    draw?.setTool(tool === 'draw' ? 'draw' : tool === 'split' ? 'split' : 'select');
    pendingBuildings = null;
  });
  watch(() => store.editable, () => editSelection());
  watch(() => [...store.selected], (next, previous) => {
    withMap((map) => setSelectedGrids(map, previous ?? [], next));
    editSelection();
  });
  watch(() => store.grids, () => draw?.refresh(store.gridList.filter((g) => store.selected.includes(g.id))));
  watch(() => store.focus, (focus) => withMap((map) => focus && map.fitBounds(focus.bbox as LngLatBoundsLike, { padding: 80, maxZoom: 19, duration: 300 })));
  watch(() => store.communityId, () => withMap(fitCommunity));

  function fitCommunity(map: MapLibreMap): void {
    const community = store.communityId === null ? undefined : store.grids.get(store.communityId);
    if (community) map.fitBounds(bboxOf(community), { padding: 40, animate: false });
  }
  handle.onReady(fitCommunity);

  /** the selected grid goes under the pointer surface; several selected (for a merge) are only highlighted */
  function editSelection(): void {
    if (!draw) return;
    const [only, ...more] = store.selectedGrids;
    if (!only || more.length || frozen(only.id) || !store.editable) {
      draw.clear();
      if (only && !more.length && store.locked.has(only.id)) store.say('hint.locked');
      return;
    }
    if (!draw.edit([only])) store.say('hint.holes');
  }

  /** the grids a vertex edit may touch: every loaded grid, or the one grid when detached */
  function editable(gridId: number): TopoGrid[] {
    const all = store.gridList.map((g) => ({ id: g.id, geometry: g.geometry }));
    return store.detach ? all.filter((g) => g.id === gridId) : all;
  }

  function moveVertex(map: MapLibreMap, gridId: number, from: Position2, to: Position2): void {
    if (!drag || drag.gridId !== gridId || !samePosition(drag.from, from, 0)) {
      const base = editable(gridId);
      const refs = findSharedVertex(base, from);
      const moving = new Set(refs.map((r) => String(r.id)));
      const samples = buildingSamples(map);
      const start = new Map(base.filter((g) => moving.has(String(g.id))).map((g) => [String(g.id), householdsIn(g, samples)]));
      drag = { gridId, from, refs, base, frozen: refs.some((r) => frozen(Number(r.id))), samples, start };
    }
    if (drag.frozen) return;
    const started = performance.now();
    const moved = placeVertex(drag.base, drag.refs, to);
    const facts = liveFacts(moved, drag.start, (id) => store.grids.get(Number(id))?.properties.households ?? 0, drag.samples);
    movePlanGrids(map, moved.map((g) => ({ id: Number(g.id), geometry: g.geometry as PlanGrid['geometry'], ...facts.get(Number(g.id)) })));
    showLive(facts);
    recordDragWork(performance.now() - started);
    dragFrame();
  }

  let liveFrame = 0;
  /** the side panel follows the drag once a frame, not once a pointer event */
  function showLive(facts: Map<number, LiveFacts>): void {
    cancelAnimationFrame(liveFrame);
    liveFrame = requestAnimationFrame(() => (store.live = facts));
  }

  async function dropVertex(map: MapLibreMap, gridId: number, from: Position2, to: Position2): Promise<void> {
    moveVertex(map, gridId, from, to);
    const done = drag!;
    drag = null;
    dragEnded();
    cancelAnimationFrame(liveFrame);
    grabbed = null;
    if (done.frozen) {
      store.say(done.refs.some((r) => Number(r.id) === store.plan?.scope_grid_id) ? 'hint.scopeFixed' : 'hint.locked');
      refreshGrids(map);
      draw?.refresh(store.selectedGrids);
      return;
    }
    const moved = placeVertex(done.base, done.refs, to) as Array<{ id: number; geometry: PlanGrid['geometry'] }>;
    await store.reshape(et(store.detach ? 'step.dragDetached' : 'step.drag'), moved);
  }

  async function topologyEdit(note: string, changed: TopoGrid[], gridId: number): Promise<void> {
    lastDrawAction = Date.now();
    if (changed.some((g) => frozen(Number(g.id)))) {
      store.say('hint.scopeFixed');
      draw?.refresh(store.selectedGrids);
      return;
    }
    if (!changed.some((g) => g.id === gridId)) return;
    await store.reshape(note, changed as Array<{ id: number; geometry: PlanGrid['geometry'] }>);
  }

  async function drawn(polygon: Polygon): Promise<void> {
    lastDrawAction = Date.now();
    const inside = interiorPoint([polygon.coordinates as Position2[][]]);
    const parent = inside && store.gridList.find((g) => g.properties.level === store.editLevel - 1 && polygonsCover(polygonsOf(g.geometry), inside));
    if (!parent) {
      store.say('hint.noParent', { level: t(`level.${Math.max(1, store.editLevel - 1)}` as 'level.1') });
      return;
    }
    await store.drawGrid(parent.id, polygon);
    store.tool = 'select';
  }

  async function splitBy(line: LineString): Promise<void> {
    lastDrawAction = Date.now();
    await store.split(line);
    store.tool = 'select';
  }

  function onClick(map: MapLibreMap, e: MapMouseEvent): void {
    if (Date.now() - lastDrawAction < 400 || store.tool === 'draw' || store.tool === 'split') return;
    if (store.tool === 'reassign' && !pendingBuildings) {
      const [building] = map.queryRenderedFeatures(e.point, { layers: buildingLayers.filter((l) => map.getLayer(l)) });
      if (!building) return;
      const compound = Number(building.properties.compound_id);
      pendingBuildings = e.originalEvent.shiftKey && compound ? { compound_id: compound } : { building_ids: [Number(building.id)] };
      store.say('hint.reassignTarget', { what: String(building.properties.name ?? building.id) });
      return;
    }
    const [feature] = map.queryRenderedFeatures(e.point, { layers: [PLAN_FILL] });
    const id = typeof feature?.id === 'number' ? feature.id : feature ? Number(feature.properties.id) : null;
    if (store.tool === 'reassign' && pendingBuildings) {
      const what = pendingBuildings;
      pendingBuildings = null;
      if (id !== null) void store.reassign(id, what);
      return;
    }
    grabbed = null;
    store.select(id, e.originalEvent.shiftKey);
  }

  /** snapping targets: every loaded grid's vertices and edges, and building points on screen */
  function snapPointer(map: MapLibreMap, pointer: [number, number]): Position2 | undefined {
    snapTargets ??= gridSnapTargets(store.gridList.flatMap((g) => polygonsOf(g.geometry)), buildingPoints(map));
    const projection = {
      project: (p: Position2): [number, number] => {
        const { x, y } = map.project(p);
        return [x, y];
      },
      unproject: ([x, y]: [number, number]): Position2 => {
        const { lng, lat } = map.unproject([x, y]);
        return [lng, lat];
      },
    };
    // the vertex a drag holds moves with the pointer: never snap to it or its own edges
    if (store.tool === 'select' && !drag && !grabbed) grabbed = nearestSelectedVertex(projection, pointer);
    const moving = drag ? [drag.from] : grabbed ? [grabbed] : [];
    const hit = snap(pointer, snapTargets, projection, { moving });
    return hit?.position;
  }

  function nearestSelectedVertex(projection: { project(p: Position2): [number, number] }, pointer: [number, number]): Position2 | null {
    let best: { p: Position2; d: number } | null = null;
    for (const g of store.selectedGrids)
      for (const polygon of polygonsOf(g.geometry))
        for (const p of polygon[0]) {
          const [x, y] = projection.project(p);
          const d = Math.hypot(x - pointer[0], y - pointer[1]);
          if (!best || d < best.d) best = { p, d };
        }
    return best && best.d < 30 ? best.p : null;
  }
}

function buildingPoints(map: MapLibreMap): Position2[] {
  if (!map.getSource('buildings')) return [];
  return map
    .querySourceFeatures('buildings', { sourceLayer: 'buildings' })
    .filter((f) => f.geometry.type === 'Point')
    .map((f) => (f.geometry as GeoJSON.Point).coordinates as Position2);
}

export function bboxOf(g: PlanGrid): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(g.geometry))
    for (const [x, y] of polygon[0]) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  return box;
}

// terra-draw holds only what is being edited: the selected grid's polygons (one terra-draw feature per
// part), a polygon being drawn, or a split line. It is the pointer surface; the grids' real geometry
// stays in the store, which turns each terra-draw change into a topological edit (every grid sharing
// the vertex moves) — so the neighbours never need to live in terra-draw at all.
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures, type TerraDrawMouseEvent } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LineString, Polygon } from 'geojson';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import { movedVertex, polygonsOf, samePosition } from '../../server/geometry/topology.shared-vertex.ts';
import type { PlanGrid } from './plan.api.ts';

export type DrawTool = 'select' | 'draw' | 'split';

export interface DrawEvents {
  /** a vertex of the grid follows the pointer (every pointer move of a drag) */
  vertexMove(gridId: number, from: Position2, to: Position2): void;
  /** the drag ended: one edit */
  vertexDrop(gridId: number, from: Position2, to: Position2): void;
  /** a midpoint was pulled out of the edge a–b */
  vertexInsert(gridId: number, a: Position2, b: Position2, at: Position2): void;
  vertexDelete(gridId: number, at: Position2): void;
  polygonDrawn(polygon: Polygon): void;
  lineDrawn(line: LineString): void;
  /** snapping: the position to use for the pointer, or undefined for none */
  snap(pointer: [number, number], lngLat: Position2): Position2 | undefined;
}

interface Part {
  gridId: number;
  ring: Position2[];
}

const orange = '#d9480f';

export class DrawSession {
  private readonly draw: TerraDraw;
  /** per terra-draw feature: the grid it belongs to and its outer ring as last saved */
  private readonly parts = new Map<string, Part>();
  private nextId = 0;

  constructor(map: MapLibreMap, private readonly events: DrawEvents) {
    const snapping = { toCustom: (e: TerraDrawMouseEvent) => events.snap([e.containerX, e.containerY], [e.lng, e.lat]) };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 15, prefixId: 'editor-draw' }),
      tracked: false,
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `edit-${++this.nextId}` },
      modes: [
        new TerraDrawSelectMode({
          // touch: a finger is wider than a mouse pointer
          pointerDistance: matchMedia('(pointer: coarse)').matches ? 24 : 10,
          keyEvents: null,
          allowManualSelection: false,
          allowManualDeselection: false,
          flags: {
            polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
          },
          styles: {
            selectedPolygonColor: orange, selectedPolygonFillOpacity: 0.08, selectedPolygonOutlineColor: orange, selectedPolygonOutlineWidth: 3,
            selectionPointColor: '#ffffff', selectionPointOutlineColor: orange, selectionPointWidth: 5, selectionPointOutlineWidth: 2,
            midPointColor: orange, midPointOutlineColor: '#ffffff', midPointWidth: 3, midPointOutlineWidth: 1,
          },
        }),
        new TerraDrawPolygonMode({ snapping, styles: { fillColor: orange, fillOpacity: 0.15, outlineColor: orange, outlineWidth: 2 } }),
        new TerraDrawLineStringMode({ snapping, styles: { lineStringColor: '#c92a2a', lineStringWidth: 3 } }),
      ],
    });
    this.draw.start();
    this.draw.setMode('select');
    this.draw.on('change', (ids, type) => {
      if (type === 'update') for (const id of ids) this.onUpdate(String(id));
    });
    this.draw.on('finish', (id, context) => this.onFinish(String(id), context.action, context.mode));
  }

  setTool(tool: DrawTool): void {
    this.draw.setMode(tool === 'draw' ? 'polygon' : tool === 'split' ? 'linestring' : 'select');
    if (tool === 'select') for (const id of this.parts.keys()) this.draw.selectFeature(id);
  }

  /** Puts the grids under the pointer surface; parts with holes stay out (terra-draw polygons have none). Returns false if any were left out. */
  edit(grids: readonly PlanGrid[]): boolean {
    this.clear();
    let complete = true;
    for (const grid of grids) {
      for (const polygon of polygonsOf(grid.geometry)) {
        if (polygon.length > 1) {
          complete = false;
          continue;
        }
        const id = `grid-${grid.id}-${++this.nextId}`;
        const [result] = this.draw.addFeatures([{ id, type: 'Feature', geometry: { type: 'Polygon', coordinates: [polygon[0]] }, properties: { mode: 'polygon' } }]);
        if (!result?.valid) {
          complete = false;
          continue;
        }
        this.parts.set(id, { gridId: grid.id, ring: polygon[0] });
      }
    }
    if (this.draw.getMode() === 'select') for (const id of this.parts.keys()) this.draw.selectFeature(id);
    return complete;
  }

  /** the saved geometry of an edited grid (after the server answered, or after undo) */
  refresh(grids: readonly PlanGrid[]): void {
    const editing = new Set([...this.parts.values()].map((p) => p.gridId));
    const next = grids.filter((g) => editing.has(g.id));
    if (next.length) this.edit(next);
  }

  editingIds(): number[] {
    return [...new Set([...this.parts.values()].map((p) => p.gridId))];
  }

  clear(): void {
    this.parts.clear();
    this.draw.clear();
  }

  dispose(): void {
    this.draw.stop();
  }

  private snapshotRing(id: string): Position2[] | null {
    const feature = this.draw.getSnapshotFeature(id) as GeoJSONStoreFeatures | undefined;
    return feature?.geometry.type === 'Polygon' ? (feature.geometry.coordinates[0] as Position2[]) : null;
  }

  private onUpdate(id: string): void {
    const part = this.parts.get(id);
    const ring = part && this.snapshotRing(id);
    if (!part || !ring) return;
    const moved = movedVertex(part.ring, ring);
    if (moved) this.events.vertexMove(part.gridId, moved.from, moved.to);
  }

  private onFinish(id: string, action: string, mode: string): void {
    if (mode === 'polygon' && action === 'draw') return this.takeDrawn(id, (g) => g.type === 'Polygon' && this.events.polygonDrawn(g as Polygon));
    if (mode === 'linestring' && action === 'draw') return this.takeDrawn(id, (g) => g.type === 'LineString' && this.events.lineDrawn(g as LineString));
    const part = this.parts.get(id);
    const ring = part && this.snapshotRing(id);
    if (!part || !ring) return;
    const before = part.ring;
    if (action === 'dragCoordinate') {
      const moved = movedVertex(before, ring);
      if (moved) this.events.vertexDrop(part.gridId, moved.from, moved.to);
    } else if (action === 'insertMidpoint' && ring.length === before.length + 1) {
      let i = 1;
      while (i < before.length - 1 && samePosition(ring[i], before[i], 0)) i++;
      this.events.vertexInsert(part.gridId, before[i - 1], before[i], ring[i]);
    } else if (action === 'deleteCoordinate' && ring.length === before.length - 1) {
      const gone = before.slice(0, -1).find((p) => !ring.some((q) => samePosition(p, q, 0)));
      if (gone) this.events.vertexDelete(part.gridId, gone);
    }
  }

  private takeDrawn(id: string, use: (geometry: GeoJSONStoreFeatures['geometry']) => void): void {
    const feature = this.draw.getSnapshotFeature(id) as GeoJSONStoreFeatures | undefined;
    this.draw.removeFeatures([id]);
    if (feature) use(feature.geometry);
  }
}

// Coverage validation (无盲区): within every parent, the children must cover it exactly once; the
// top-level grids must not overlap nor leave holes. Pure: the editor runs the same code as the server.
//
// Per sibling group: first the boundary chain (boundary.chain.ts), which proves most groups clean in a
// fraction of a millisecond; only groups that fail it get a planar arrangement, whose labelled faces
// are the overlaps, gaps and outside parts themselves.
import type { MultiPolygon, Polygon } from 'geojson';
import { pathLengthM, multiPolygonAreaM2 } from './area.geodesic.ts';
import { boundariesCancel } from './boundary.chain.ts';
import {
  noise,
  resolveOptions,
  type BuildingInput,
  type GridId,
  type GridInput,
  type Issue,
  type IssueType,
  type ValidationOptions,
  type ValidationResult,
} from './coverage.types.ts';
import { interiorPoint } from './interior.point.ts';
import { Arrangement, UNBOUNDED, type PolygonRings } from './planar.arrangement.ts';
import { prepareGeometry, type PreparedGeometry } from './polygon.validate.ts';
import { householdIssues } from './households.validate.ts';

export interface PreparedGrid {
  grid: GridInput;
  key: string;
  /** position in the input, so that results list grids in the caller's order */
  order: number;
  geometry: PreparedGeometry;
  areaM2: number;
}

export interface PreparedCoverage {
  grids: PreparedGrid[];
  byKey: Map<string, PreparedGrid>;
  /** children by parent key; null = the top level (and grids whose parent is not in the set) */
  children: Map<string | null, PreparedGrid[]>;
}

/** ids compare as strings, so 7 and "7" are the same grid, as they are once stored */
export const gridKey = (id: GridId): string => String(id);

export function prepareGrid(grid: GridInput, order: number): PreparedGrid {
  const geometry = prepareGeometry(grid.geometry);
  return { grid, key: gridKey(grid.id), order, geometry, areaM2: multiPolygonAreaM2(geometry.polygons) };
}

export function prepareCoverage(grids: readonly GridInput[]): PreparedCoverage {
  const prepared = grids.map((g, i) => prepareGrid(g, i));
  return indexCoverage(prepared);
}

export function indexCoverage(prepared: PreparedGrid[]): PreparedCoverage {
  const byKey = new Map(prepared.map((g) => [g.key, g]));
  const children = new Map<string | null, PreparedGrid[]>();
  for (const g of prepared) {
    const parent = g.grid.parent_id === null || g.grid.parent_id === undefined ? null : gridKey(g.grid.parent_id);
    const group = parent !== null && byKey.has(parent) ? parent : null;
    const list = children.get(group);
    if (list) list.push(g);
    else children.set(group, [g]);
  }
  return { grids: prepared, byKey, children };
}

/** The whole check: geometry of every grid, every sibling group, buildings and households. */
export function validateCoverage(
  input: readonly GridInput[] | PreparedCoverage,
  buildings: readonly BuildingInput[] | null = null,
  options: ValidationOptions = {},
): ValidationResult {
  const coverage = 'byKey' in input ? input : prepareCoverage(input);
  const opts = resolveOptions(options);
  const issues = [...geometryIssues(coverage, opts), ...householdIssues(coverage, buildings, opts)];
  return result(issues);
}

export function result(issues: Issue[]): ValidationResult {
  const sorted = sortIssues(issues);
  return { valid: !sorted.some((i) => i.severity === 'error'), issues: sorted };
}

/** invalid geometries and the overlaps, gaps and outside parts of every group */
export function geometryIssues(coverage: PreparedCoverage, options: ValidationOptions = {}): Issue[] {
  const opts = resolveOptions(options);
  const issues: Issue[] = coverage.grids.flatMap((g) => invalidGeometryIssues(g));
  for (const parentKey of coverage.children.keys()) issues.push(...groupIssues(coverage, parentKey, opts));
  return issues;
}

export function invalidGeometryIssues(g: PreparedGrid): Issue[] {
  const { validity } = g.geometry;
  if (validity.valid) return [];
  const point = validity.point ?? interiorPoint(g.geometry.polygons);
  return [
    {
      type: 'invalid_geometry',
      severity: 'error',
      grids: [g.grid.id],
      parent_id: g.grid.parent_id ?? null,
      area_m2: g.areaM2,
      geometry: point ? { type: 'Point', coordinates: point } : null,
      point,
      reason: validity.reason,
    },
  ];
}

/** overlaps, gaps and outside parts among the children of one parent (null: among the top-level grids) */
export function groupIssues(coverage: PreparedCoverage, parentKey: string | null, options: ValidationOptions = {}): Issue[] {
  const children = coverage.children.get(parentKey) ?? [];
  const parent = parentKey === null ? null : (coverage.byKey.get(parentKey) ?? null);
  const overlay = overlayGroup(children, parent);
  return overlay ? overlay.issues(resolveOptions(options)) : [];
}

/** the arrangement of a group that the boundary chain could not prove clean, or null when it could */
export function overlayGroup(children: PreparedGrid[], parent: PreparedGrid | null): GroupOverlay | null {
  const usable = children.filter((c) => c.geometry.polygons.length > 0);
  if (usable.length === 0) return null;
  if (parent) {
    if (parent.geometry.polygons.length === 0) return null;
    if (usable.length === children.length && boundariesCancel(usable.map((c) => c.geometry.polygons), parent.geometry.polygons)) return null;
  } else if (usable.length === 1) {
    // one top-level grid can only leave holes, and only if it has any
    const [only] = usable;
    if (only.geometry.polygons.length === 1 && only.geometry.polygons[0].length === 1) return null;
    return new GroupOverlay(usable, null);
  }
  return new GroupOverlay(usable, parent);
}

/** what covers one face of a group's arrangement */
export interface FaceCover {
  /** indices into the group's children */
  members: number[];
  /** inside the parent (always true for bounded faces of the top level) */
  inParent: boolean;
}

export class GroupOverlay {
  readonly arrangement: Arrangement;
  readonly covers: FaceCover[];

  constructor(
    readonly children: PreparedGrid[],
    readonly parent: PreparedGrid | null,
  ) {
    const parentOwner = children.length;
    const layers = children.map((c, i) => ({ owner: i, polygons: c.geometry.polygons }));
    if (parent) layers.push({ owner: parentOwner, polygons: parent.geometry.polygons });
    this.arrangement = Arrangement.build(layers, noise.snapDegrees);
    this.covers = Array.from({ length: this.arrangement.faceCount }, (_, f) => {
      const label = this.arrangement.label(f);
      const members: number[] = [];
      for (const [owner, count] of label) if (owner !== parentOwner && count !== 0) members.push(owner);
      members.sort((a, b) => a - b);
      return { members, inParent: parent ? (label.get(parentOwner) ?? 0) !== 0 : true };
    });
  }

  /** issue keys of a face: a face may be an overlap of several pairs, and outside the parent too */
  private faceKeys(f: number): string[] {
    const { members, inParent } = this.covers[f];
    const keys: string[] = [];
    if (inParent && members.length === 0) keys.push('gap');
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) keys.push(`overlap:${members[i]}:${members[j]}`);
    if (!inParent) for (const m of members) keys.push(`outside:${m}`);
    return keys;
  }

  /** connected pieces of faces sharing an issue key */
  pieces(): { key: string; faces: number[] }[] {
    const byKey = new Map<string, number[]>();
    for (let f = 0; f < this.arrangement.faceCount; f++)
      for (const key of this.faceKeys(f)) {
        const list = byKey.get(key);
        if (list) list.push(f);
        else byKey.set(key, [f]);
      }
    if (byKey.size === 0) return [];
    const neighbours = this.arrangement.faceNeighbours();
    const pieces: { key: string; faces: number[] }[] = [];
    for (const [key, faces] of byKey) {
      const remaining = new Set(faces);
      for (const start of faces) {
        if (!remaining.has(start)) continue;
        remaining.delete(start);
        const piece = [start];
        for (let k = 0; k < piece.length; k++)
          for (const n of neighbours[piece[k]])
            if (remaining.has(n)) {
              remaining.delete(n);
              piece.push(n);
            }
        pieces.push({ key, faces: piece });
      }
    }
    return pieces;
  }

  /** area, shape and size of a piece; null when it is floating-point noise */
  measure(faces: number[]): { areaM2: number; polygons: PolygonRings[] } | null {
    const areaM2 = faces.reduce((sum, f) => sum + this.arrangement.faceAreaM2(f), 0);
    if (areaM2 < noise.areaM2) return null;
    const polygons = this.arrangement.polygons(faces);
    const perimeter = polygons.reduce((sum, p) => sum + p.reduce((s, ring) => s + pathLengthM(ring), 0), 0);
    if (perimeter > 0 && (2 * areaM2) / perimeter < noise.widthM) return null;
    // flat in lon/lat: a vertex on its neighbour's straight edge is the grids meeting, whatever the
    // geodesic between the edge's ends would enclose (PostGIS applies the same test)
    const planar = polygons.reduce((sum, p) => sum + p.reduce((s, ring) => s + planarRing(ring), 0), 0);
    const planarPerimeter = polygons.reduce((sum, p) => sum + p.reduce((s, ring) => s + planarLength(ring), 0), 0);
    if (2 * Math.abs(planar) < noise.snapDegrees * planarPerimeter) return null;
    return { areaM2, polygons };
  }

  /** border length between a piece and each child around it (faces covered by that child alone) */
  neighbourBorders(faces: number[], ownerOfFace: (f: number) => number | null = (f) => this.soleMember(f)): Map<number, number> {
    const lengths = new Map<number, number>();
    for (const [across, length] of this.arrangement.borders(faces)) {
      if (across === UNBOUNDED) continue;
      const owner = ownerOfFace(across);
      if (owner !== null) lengths.set(owner, (lengths.get(owner) ?? 0) + length);
    }
    return lengths;
  }

  private soleMember(f: number): number | null {
    const { members, inParent } = this.covers[f];
    return inParent && members.length === 1 ? members[0] : null;
  }

  issues(options: Required<ValidationOptions>): Issue[] {
    const issues: Issue[] = [];
    const parentId = this.parent ? this.parent.grid.id : null;
    for (const { key, faces } of this.pieces()) {
      const measured = this.measure(faces);
      if (!measured) continue;
      const [kind, ...rest] = key.split(':');
      const type = kind === 'outside' ? 'outside_parent' : (kind as IssueType);
      let grids: GridId[];
      if (type === 'gap') {
        grids = [...this.neighbourBorders(faces)]
          .filter(([, length]) => length > minBorderM)
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .map(([i]) => this.children[i].grid.id);
      } else grids = rest.map((i) => this.children[Number(i)].grid.id);
      issues.push({
        type,
        severity: measured.areaM2 > options.min_area_m2 ? 'error' : 'warning',
        grids,
        parent_id: parentId,
        area_m2: measured.areaM2,
        geometry: toGeometry(measured.polygons),
        point: interiorPoint(measured.polygons),
      });
    }
    return issues;
  }
}

function planarRing(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += (ring[i][0] - ring[0][0]) * (ring[i + 1][1] - ring[0][1]) - (ring[i + 1][0] - ring[0][0]) * (ring[i][1] - ring[0][1]);
  return sum / 2;
}

function planarLength(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
  return sum;
}

/** a child touching a gap along less than this only touches it at a corner */
export const minBorderM = 1e-3;

export function toGeometry(polygons: PolygonRings[]): Polygon | MultiPolygon {
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

const typeOrder: IssueType[] = ['invalid_geometry', 'overlap', 'gap', 'outside_parent', 'uncovered_building', 'no_worker', 'empty_grid', 'household_deviation'];

/** errors first, then by kind, the largest first: the order a planner works through them */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) ||
      b.area_m2 - a.area_m2 ||
      String(a.grids[0] ?? a.building_id).localeCompare(String(b.grids[0] ?? b.building_id)),
  );
}

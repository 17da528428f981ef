// Fix proposals for a coverage, as a pure function (preview first; a plan applies them later):
//   - an overlap is kept by one of its grids — the one with the longest border to it once it is taken
//     out of both (else the larger grid keeps it, the smaller loses it);
//   - a gap goes to the neighbouring sibling with the longest shared border;
//   - a part outside the parent is cut off;
//   - a self-intersecting geometry is resolved even-odd.
// Like ST_CoverageClean's MERGE_LONGEST_BORDER, decided face by face on the group's arrangement, then each
// changed grid is traced back from the faces it owns — so neighbours share their new edges exactly.
// Groups are fixed from the top level down, so a grid that grows takes its new area into its children's
// check, and a grid that shrinks cuts its children with it.
import type { MultiPolygon, Polygon } from 'geojson';
import type { GridId, GridInput, Position2 } from './coverage.types.ts';
import { noise } from './coverage.types.ts';
import { interiorPoint } from './interior.point.ts';
import { indexCoverage, overlayGroup, prepareGrid, toGeometry, type GroupOverlay, type PreparedCoverage, type PreparedGrid } from './coverage.validate.ts';
import { multiPolygonAreaM2 } from './area.geodesic.ts';
import { boundingBox } from './polygon.validate.ts';
import type { PolygonRings } from './planar.arrangement.ts';

export interface FixProposal {
  type: 'overlap' | 'gap' | 'outside_parent' | 'invalid_geometry';
  /** assign: the area goes to `to`; cut: it is removed from `from`; repair: the geometry is made valid */
  action: 'assign' | 'cut' | 'repair';
  to: GridId | null;
  from: GridId[];
  parent_id: GridId | null;
  area_m2: number;
  geometry: Polygon | MultiPolygon | null;
  point: Position2 | null;
}

export interface FixResult {
  /** every grid, with the proposed geometry where it changes */
  grids: GridInput[];
  /** ids of the grids whose geometry changes */
  changed: GridId[];
  proposals: FixProposal[];
}

export function proposeFixes(input: readonly GridInput[]): FixResult {
  const coverage = indexCoverage(input.map((g, i) => prepareGrid(g, i)));
  const proposals: FixProposal[] = [];
  const changed = new Set<string>();
  const replace = (g: PreparedGrid, polygons: PolygonRings[]) => {
    g.geometry = { validity: { valid: true }, polygons, normalized: polygons, bbox: boundingBox(polygons) };
    g.areaM2 = multiPolygonAreaM2(polygons);
    changed.add(g.key);
  };
  for (const g of coverage.grids) {
    if (g.geometry.validity.valid || g.geometry.polygons.length === 0) continue;
    proposals.push({
      type: 'invalid_geometry', action: 'repair', to: g.grid.id, from: [], parent_id: g.grid.parent_id ?? null,
      area_m2: g.areaM2, geometry: toGeometry(g.geometry.polygons), point: interiorPoint(g.geometry.polygons),
    });
    replace(g, g.geometry.polygons);
  }
  for (const parentKey of topDown(coverage)) {
    const children = coverage.children.get(parentKey) ?? [];
    const parent = parentKey === null ? null : coverage.byKey.get(parentKey)!;
    const overlay = overlayGroup(children, parent);
    if (!overlay) continue;
    const { owners, groupProposals } = assignFaces(overlay);
    proposals.push(...groupProposals);
    for (const [i, child] of overlay.children.entries()) {
      const owned: number[] = [];
      let moved = false;
      for (let f = 0; f < owners.length; f++) {
        const member = overlay.covers[f].members.includes(i);
        if (owners[f] === i) owned.push(f);
        if (member !== (owners[f] === i) && overlay.measure([f])) moved = true;
      }
      if (moved) replace(child, overlay.arrangement.polygons(owned));
    }
  }
  const grids = coverage.grids.map((g) =>
    changed.has(g.key) ? { ...g.grid, geometry: g.geometry.polygons.length === 1 ? toGeometry(g.geometry.polygons) : ({ type: 'MultiPolygon', coordinates: g.geometry.polygons } as MultiPolygon) } : g.grid,
  );
  return { grids, changed: coverage.grids.filter((g) => changed.has(g.key)).map((g) => g.grid.id), proposals };
}

/** parents before their children: the top level first, then each level below */
function topDown(coverage: PreparedCoverage): (string | null)[] {
  const order: (string | null)[] = [null];
  for (let k = 0; k < order.length; k++)
    for (const child of coverage.children.get(order[k]) ?? []) if (coverage.children.has(child.key)) order.push(child.key);
  return order.filter((key) => coverage.children.has(key));
}

/** the child owning each face after the fix (null: nobody — outside the parent, or an unreachable gap) */
function assignFaces(overlay: GroupOverlay): { owners: (number | null)[]; groupProposals: FixProposal[] } {
  const { arrangement, covers, children, parent } = overlay;
  const owners: (number | null)[] = covers.map(({ members, inParent }) => (inParent && members.length === 1 ? members[0] : null));
  const groupProposals: FixProposal[] = [];
  const parentId = parent ? parent.grid.id : null;
  const regions = arrangement.regions((f) => `${covers[f].inParent ? 1 : 0}|${covers[f].members.join(',')}`);
  const propose = (faces: number[], p: Omit<FixProposal, 'parent_id' | 'area_m2' | 'geometry' | 'point'>) => {
    const measured = overlay.measure(faces);
    if (!measured) return;
    groupProposals.push({ ...p, parent_id: parentId, area_m2: measured.areaM2, geometry: toGeometry(measured.polygons), point: interiorPoint(measured.polygons) });
  };
  const id = (i: number) => children[i].grid.id;
  // outside parts first: they belong to nobody
  for (const { faces } of regions) {
    const { members, inParent } = covers[faces[0]];
    if (!inParent && members.length) propose(faces, { type: 'outside_parent', action: 'cut', to: null, from: members.map(id) });
  }
  // then overlaps, decided by the border each member would have with the piece once it is taken out
  for (const { faces } of regions) {
    const { members, inParent } = covers[faces[0]];
    if (!inParent || members.length < 2) continue;
    const borders = overlay.neighbourBorders(faces);
    const keeper = members.reduce((best, m) => {
      const diff = (borders.get(m) ?? 0) - (borders.get(best) ?? 0);
      if (Math.abs(diff) > 1e-6 * Math.max(1, borders.get(best) ?? 0)) return diff > 0 ? m : best;
      return children[m].areaM2 > children[best].areaM2 ? m : best;
    });
    for (const f of faces) owners[f] = keeper;
    propose(faces, { type: 'overlap', action: 'assign', to: id(keeper), from: members.filter((m) => m !== keeper).map(id) });
  }
  // gaps last, so that a gap next to a former overlap sees that overlap's keeper
  const gapRegions: { faces: number[]; borders: Map<number, number>; proposal: FixProposal | undefined }[] = [];
  for (const { faces } of regions) {
    const { members, inParent } = covers[faces[0]];
    if (!inParent || members.length) continue;
    const borders = overlay.neighbourBorders(faces, (f) => owners[f]);
    let best: number | null = null;
    for (const [m, length] of borders) if (best === null || length > borders.get(best)! || (length === borders.get(best)! && m < best)) best = m;
    if (best === null) continue;
    for (const f of faces) owners[f] = best;
    const before = groupProposals.length;
    propose(faces, { type: 'gap', action: 'assign', to: id(best), from: [] });
    gapRegions.push({ faces, borders, proposal: groupProposals.length > before ? groupProposals.at(-1) : undefined });
  }
  // A grid must not vanish in a fix (its worker, its households would go with it): one left with nothing
  // takes back the gap it borders most, else the overlaps it lies in.
  const owned = (i: number) => owners.reduce((sum: number, o, f) => (o === i ? sum + arrangement.faceAreaM2(f) : sum), 0);
  for (let i = 0; i < children.length; i++) {
    if (owned(i) >= noise.areaM2) continue;
    const gap = gapRegions.filter((g) => (g.borders.get(i) ?? 0) > 0).sort((a, b) => b.borders.get(i)! - a.borders.get(i)!)[0];
    if (gap) {
      for (const f of gap.faces) owners[f] = i;
      if (gap.proposal) gap.proposal.to = id(i);
      continue;
    }
    for (let f = 0; f < covers.length; f++) if (covers[f].inParent && covers[f].members.includes(i)) owners[f] = i;
    for (const p of groupProposals)
      if (p.type === 'overlap' && p.from.includes(id(i))) Object.assign(p, { to: id(i), from: [...p.from.filter((x) => x !== id(i)), ...(p.to === null ? [] : [p.to])] });
  }
  return { owners, groupProposals };
}

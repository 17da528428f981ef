// The demo presets validate clean in both engines, and a copy with one grid shifted 20 m reports the
// overlap and the gap with the right grids — the same in PostGIS as in the TypeScript core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDbs, openTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/db.ts';
import { generateDistrict } from '../demo/district.generator.ts';
import type { BuildingInput, GridInput, Issue } from '../geometry/coverage.types.ts';
import { validateCoverage } from '../geometry/coverage.validate.ts';
import { validateCoverageSql, validateCurrentSql } from './coverage.sql.ts';
import { loadCurrentCoverage } from './current.load.ts';
import { compareIssues } from './issues.compare.ts';

const geometric = (issues: Issue[]) => issues.filter((i) => ['overlap', 'gap', 'outside_parent', 'invalid_geometry'].includes(i.type));
const metresEast = (m: number, lat: number) => m / (111_320 * Math.cos((lat * Math.PI) / 180));

function translate(grid: GridInput, dLon: number): GridInput {
  const move = (ring: number[][]) => ring.map(([x, y]) => [x + dLon, y]);
  const g = grid.geometry;
  return { ...grid, geometry: g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(move) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(move)) } };
}

/** shifts a deepest grid 20 m east and checks both engines name it, its parent, and its neighbours */
async function checkShift(db: Db, grids: GridInput[], buildings: BuildingInput[], id: GridInput['id']) {
  const target = grids.find((g) => g.id === id)!;
  const lat = (target.geometry.coordinates.flat(3) as number[])[1];
  const copy = grids.map((g) => (g.id === id ? translate(g, metresEast(20, lat)) : g));
  const core = validateCoverage(copy, buildings);
  const sql = await validateCoverageSql(db, copy, buildings);
  expect(core.valid).toBe(false);
  const overlaps = core.issues.filter((i) => i.type === 'overlap' && i.severity === 'error');
  const gaps = core.issues.filter((i) => i.type === 'gap' && i.severity === 'error');
  expect(overlaps.length).toBeGreaterThan(0);
  expect(gaps.length).toBeGreaterThan(0);
  for (const issue of [...overlaps, ...gaps]) {
    expect(issue.grids).toContain(id);
    expect(issue.parent_id).toBe(target.parent_id);
  }
  // the overlap is with the neighbours to the east: grids that touched the shifted one before
  const before = validateCoverage(grids.map((g) => (g.id === id ? translate(g, metresEast(0.5, lat)) : g))).issues;
  const neighbours = new Set(before.filter((i) => i.type === 'overlap').flatMap((i) => i.grids));
  for (const o of overlaps) expect(neighbours.has(o.grids.find((g) => g !== id)!)).toBe(true);
  expect(compareIssues(core.issues, sql.issues)).toEqual([]);
}

/** a deepest grid away from its parent's border, so that a 20 m shift stays inside it */
function interiorLeaf(grids: GridInput[]): GridInput['id'] {
  const parents = new Set(grids.map((g) => g.parent_id));
  const leaves = grids.filter((g) => !parents.has(g.id));
  for (const leaf of leaves) {
    const lat = (leaf.geometry.coordinates.flat(3) as number[])[1];
    const issues = validateCoverage(grids.map((g) => (g.id === leaf.id ? translate(g, metresEast(20, lat)) : g))).issues;
    if (!issues.some((i) => i.type === 'outside_parent') && issues.some((i) => i.type === 'overlap' && i.severity === 'error')) return leaf.id;
  }
  throw new Error('no interior leaf');
}

for (const backend of backends) {
  describe(`demo presets (${backend})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend, 'kangle');
    }, 120_000);
    afterAll(closeTestDbs);

    it('kangle as seeded validates clean in PostGIS and in the core, with the same answer', async () => {
      const sql = await validateCurrentSql(db);
      const { grids, buildings } = await loadCurrentCoverage(db);
      const core = validateCoverage(grids, buildings);
      expect(grids.length).toBeGreaterThan(50);
      expect(sql.valid).toBe(true);
      expect(core.valid).toBe(true);
      expect(geometric(sql.issues)).toEqual([]);
      expect(compareIssues(core.issues, sql.issues)).toEqual([]);
    });

    it('kangle with one building group shifted 20 m: overlap and gap, the right grids, both engines', async () => {
      const { grids, buildings } = await loadCurrentCoverage(db);
      await checkShift(db, grids, buildings, interiorLeaf(grids));
    });

    it('kangle with a grid (level 2) shifted 20 m: its children fall outside it, both engines agree', async () => {
      const { grids, buildings } = await loadCurrentCoverage(db);
      const grid = grids.find((g) => g.level === 2)!;
      const lat = (grid.geometry.coordinates.flat(3) as number[])[1];
      const copy = grids.map((g) => (g.id === grid.id ? translate(g, metresEast(20, lat)) : g));
      const core = validateCoverage(copy, buildings);
      const outside = core.issues.filter((i) => i.type === 'outside_parent' && i.severity === 'error');
      expect(outside.length).toBeGreaterThan(0);
      expect(outside.every((i) => i.parent_id === grid.id)).toBe(true);
      expect(compareIssues(core.issues, (await validateCoverageSql(db, copy, buildings)).issues)).toEqual([]);
    });

    // slow: generating maigaoqiao takes seconds, validating it in PGlite a few more
    it('maigaoqiao (13 + 255 + 3,052 grids) validates clean, and a shifted copy agrees in both engines', async () => {
      const district = generateDistrict('maigaoqiao');
      const grids: GridInput[] = district.grids.map((g) => ({ id: g.id, level: g.level, parent_id: g.parent_id, geometry: g.geom, worker_id: g.worker_id, name: g.name }));
      const buildings: BuildingInput[] = district.buildings.map((b) => ({ id: b.id, lon: b.geom.coordinates[0], lat: b.geom.coordinates[1], households: b.households }));
      expect(grids.filter((g) => g.level === 3)).toHaveLength(3052);
      const core = validateCoverage(grids, buildings);
      expect(geometric(core.issues)).toEqual([]);
      expect(core.valid).toBe(true);
      const sql = await validateCoverageSql(db, grids, buildings);
      expect(compareIssues(core.issues, sql.issues)).toEqual([]);
      await checkShift(db, grids, buildings, interiorLeaf(grids));
    }, 300_000);
  });
}

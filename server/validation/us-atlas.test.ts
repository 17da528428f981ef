// Real data, not only generated: the U.S. Census Bureau's states and counties as shipped in the us-atlas
// package (TopoJSON, so neighbours share their boundary arcs exactly), nested state → county. A block of
// Midwest states validates clean in both engines; shifting one county reports the overlap and the gap
// with the right counties named.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { backends, closeTestDbs, openTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/db.ts';
import type { GridInput, Issue } from '../geometry/coverage.types.ts';
import { validateCoverage } from '../geometry/coverage.validate.ts';
import { validateCoverageSql } from './coverage.sql.ts';
import { compareIssues } from './issues.compare.ts';

const topology = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology;
const features = (name: string) =>
  (feature(topology, topology.objects[name] as GeometryCollection) as unknown as { features: Feature<Polygon | MultiPolygon, { name: string }>[] }).features;

// Iowa, Minnesota, Missouri, Nebraska, Kansas, South Dakota, North Dakota, Wisconsin, Indiana, Ohio
const midwest = ['19', '27', '29', '31', '20', '46', '38', '55', '18', '39'];
const states: GridInput[] = features('states')
  .filter((f) => midwest.includes(String(f.id)))
  .map((f) => ({ id: String(f.id), level: 1, parent_id: null, geometry: f.geometry, name: f.properties.name }));
const counties: GridInput[] = features('counties')
  .filter((f) => midwest.includes(String(f.id).slice(0, 2)))
  .map((f) => ({ id: String(f.id), level: 2, parent_id: String(f.id).slice(0, 2), geometry: f.geometry, name: f.properties.name, worker_id: 1 }));
const grids = [...states, ...counties];
const nameOf = new Map(grids.map((g) => [String(g.id), g.name]));
const named = (issue: Issue) => issue.grids.map((id) => nameOf.get(String(id))).sort();

const polk = '19153'; // Polk County, Iowa (Des Moines): Dallas County to the west, Jasper County to the east
function shiftEast(id: string, degrees: number): GridInput[] {
  const move = (ring: number[][]) => ring.map(([x, y]) => [x + degrees, y]);
  return grids.map((g) => {
    if (g.id !== id) return g;
    const geometry = g.geometry.type === 'Polygon' ? { type: 'Polygon' as const, coordinates: g.geometry.coordinates.map(move) } : { type: 'MultiPolygon' as const, coordinates: g.geometry.coordinates.map((p) => p.map(move)) };
    return { ...g, geometry };
  });
}
const geometric = (issues: Issue[]) => issues.filter((i) => ['overlap', 'gap', 'outside_parent', 'invalid_geometry'].includes(i.type));

describe('us-atlas: Midwest states and their counties', () => {
  it('is what we think it is', () => {
    expect(states.map((s) => s.name).sort()).toEqual(['Indiana', 'Iowa', 'Kansas', 'Minnesota', 'Missouri', 'Nebraska', 'North Dakota', 'Ohio', 'South Dakota', 'Wisconsin']);
    expect(counties.length).toBe(870);
    expect(nameOf.get(polk)).toBe('Polk');
  });

  it('validates clean in the core', () => {
    expect(validateCoverage(grids)).toEqual({ valid: true, issues: [] });
  });

  it('shifting Polk County 2 km east overlaps Jasper County and leaves a gap beside Dallas County', () => {
    const { valid, issues } = validateCoverage(shiftEast(polk, 0.025));
    expect(valid).toBe(false);
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.every((i) => i.grids.includes(polk) && i.parent_id === '19')).toBe(true);
    const overlap = errors.filter((i) => i.type === 'overlap').sort((a, b) => b.area_m2 - a.area_m2)[0];
    expect(named(overlap)).toEqual(['Jasper', 'Polk']);
    const gap = errors.filter((i) => i.type === 'gap').sort((a, b) => b.area_m2 - a.area_m2)[0];
    expect(named(gap)).toContain('Dallas');
    // about 2 km × the county's 40 km height moved out on one side and in on the other
    expect(overlap.area_m2 / 1e6).toBeGreaterThan(40);
    expect(gap.area_m2 / 1e6).toBeGreaterThan(40);
  });
});

for (const backend of backends) {
  describe(`us-atlas in PostGIS (${backend})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend, 'empty');
    }, 120_000);
    afterAll(closeTestDbs);

    it('agrees with the core on the clean coverage and on the shifted county', async () => {
      const clean = await validateCoverageSql(db, grids);
      expect(geometric(clean.issues)).toEqual([]);
      const shifted = shiftEast(polk, 0.025);
      const sql = await validateCoverageSql(db, shifted);
      expect(compareIssues(validateCoverage(shifted).issues, sql.issues)).toEqual([]);
    }, 180_000);
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { syntheticCoverage } from '../../../server/validation/synthetic.coverage.ts';
import { compareIssues } from '../../../server/validation/issues.compare.ts';
import { validateCoverage } from '../../../server/geometry/coverage.validate.ts';
import type { GridInput, Issue } from '../../../server/geometry/coverage.types.ts';
import { buildingCollection, featureCollection, metresEast, shifted, storeCoverage, translate } from './coverage.fixture.ts';

const geometric = (issues: Issue[]) => issues.filter((i) => ['overlap', 'gap', 'outside_parent', 'invalid_geometry'].includes(i.type));

// 2 communities, 6 grids, 24 building groups over about 1.5 km²
const { grids, buildings } = syntheticCoverage({ counts: [2, 6, 24], bbox: [118.78, 32.04, 118.792, 32.051], densify: 2, seed: 7 });
const leaves = grids.filter((g) => g.level === 3);
const shift = metresEast(20, 32.045);
// a building group that stays inside its parent when shifted: it only overlaps siblings and leaves a gap
const interior = leaves.find((g) => {
  const issues = validateCoverage(shifted(grids, g.id, shift)).issues;
  return !issues.some((i) => i.type === 'outside_parent') && issues.some((i) => i.type === 'overlap');
})!;

for (const backend of backends) {
  describe(`coverage validation routes (${backend})`, () => {
    const ctx = useApp(backend, 'empty');
    const post = (url: string, payload: unknown) => ctx.app.inject({ method: 'POST', url, payload: payload as object });

    describe('POST /api/validate', () => {
      it.each(['core', 'postgis'])('finds a clean coverage clean (engine=%s)', async (engine) => {
        const res = await post(`/api/validate?engine=${engine}`, { grids: featureCollection(grids), buildings: buildingCollection(buildings) });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.engine).toBe(engine);
        expect(body.valid).toBe(true);
        expect(geometric(body.issues)).toEqual([]);
      });

      it('reports the overlap and the gap of a building group shifted 20 m east, the same on both engines', async () => {
        const payload = { grids: featureCollection(shifted(grids, interior.id, shift)), buildings: buildingCollection(buildings) };
        const core = (await post('/api/validate?engine=core', payload)).json();
        const sql = (await post('/api/validate?engine=postgis', payload)).json();
        expect(core.valid).toBe(false);
        const overlaps = core.issues.filter((i: Issue) => i.type === 'overlap');
        const gaps = core.issues.filter((i: Issue) => i.type === 'gap');
        expect(overlaps.length).toBeGreaterThan(0);
        expect(gaps.length).toBeGreaterThan(0);
        expect(overlaps.every((i: Issue) => i.grids.includes(interior.id) && i.parent_id === interior.parent_id)).toBe(true);
        expect(gaps.every((i: Issue) => i.grids.includes(interior.id) && i.parent_id === interior.parent_id)).toBe(true);
        // a 20 m shift moves a strip of 20 m × the cell's height out and in again: the areas match
        const sum = (list: Issue[]) => list.reduce((s, i) => s + i.area_m2, 0);
        expect(sum(overlaps)).toBeCloseTo(sum(gaps), -1);
        expect(compareIssues(core.issues, sql.issues)).toEqual([]);
      });

      it('takes min_area_m2 and target_households from the options', async () => {
        const nudged = shifted(grids, interior.id, metresEast(0.001, 32.045)); // 1 mm: slivers well under 1 m²
        const res = (await post('/api/validate', { grids: featureCollection(nudged), options: { min_area_m2: 1, target_households: 50 } })).json();
        const slivers = res.issues.filter((i: Issue) => i.type === 'overlap' || i.type === 'gap');
        expect(slivers.length).toBeGreaterThan(0);
        expect(slivers.every((i: Issue) => i.severity === 'warning' && i.area_m2 < 1)).toBe(true);
        const strict = (await post('/api/validate', { grids: featureCollection(nudged), options: { min_area_m2: 0.01 } })).json();
        expect(strict.issues.filter((i: Issue) => i.type === 'overlap' && i.severity === 'error').length).toBeGreaterThan(0);
      });

      const top = grids.find((g) => g.level === 1)!;
      const child = grids.find((g) => g.level === 2)!;
      const without = (key: string) => featureCollection([{ ...top, [key]: undefined } as GridInput]);
      it.each([
        ['a body that is not JSON', 'not json at all', /not valid JSON/],
        ['a body that is not an object', '"just a string"', /body must be object/],
        ['grids that are not GeoJSON', { grids: { type: 'Feature' } }, /FeatureCollection/],
        ['a grid without level', { grids: without('level') }, /level must be an integer/],
        ['a grid without parent_id', { grids: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 1, level: 1 }, geometry: top.geometry }] } }, /parent_id is missing/],
        ['a parent not in the set', { grids: featureCollection([child]) }, new RegExp(`parent ${child.parent_id} is not in the set`)],
        ['a cycle in parent links', { grids: featureCollection([{ ...top, id: 'a', parent_id: 'b', level: 2 }, { ...top, id: 'b', parent_id: 'a', level: 1 }]) }, /cycle: a → b → a|cycle: b → a → b/],
        ['a child two levels below its parent', { grids: featureCollection([top, { ...child, parent_id: top.id, level: 3 }]) }, /one level below/],
        ['a point as a grid', { grids: featureCollection([{ ...top, geometry: { type: 'Point', coordinates: [1, 2] } } as unknown as GridInput]) }, /Polygon or MultiPolygon/],
        ['buildings without points', { grids: featureCollection([top]), buildings: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] } }, /Point/],
        ['unknown options', { grids: featureCollection([top]), options: { min_area: 3 } }, /additional properties/],
        ['a level no integer column holds', { grids: featureCollection([{ ...top, level: 4_000_000_000 }]) }, /level must be an integer from 1 to 20/],
        ['households no integer column holds', { grids: featureCollection([top]), buildings: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { households: 1e12 }, geometry: { type: 'Point', coordinates: [118.78, 32.04] } }] } }, /households must be a whole number/],
      ])('rejects %s with a 400 that says why', async (_, payload, message) => {
        const res = typeof payload === 'string'
          ? await ctx.app.inject({ method: 'POST', url: '/api/validate', payload, headers: { 'content-type': 'application/json' } })
          : await post('/api/validate', payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.json().message).toMatch(message);
      });

      it('rejects an oversized body with 413', async () => {
        const res = await post('/api/validate', { grids: featureCollection([{ ...top, name: 'x'.repeat(11 * 1024 * 1024) }]) });
        expect(res.statusCode).toBe(413);
        expect(res.json().statusCode).toBe(413);
      });

      it('reports bad coordinates as invalid geometry, not as a failed request', async () => {
        const broken = { ...child, geometry: { type: 'Polygon', coordinates: [[[118.78, 32.04], [118.79, 32.04], [118.79, 32.05]]] } } as GridInput;
        for (const engine of ['core', 'postgis']) {
          const res = await post(`/api/validate?engine=${engine}`, { grids: featureCollection(grids.map((g) => (g.id === child.id ? broken : g))) });
          expect(res.statusCode).toBe(200);
          const invalid = res.json().issues.filter((i: Issue) => i.type === 'invalid_geometry');
          expect(invalid.map((i: Issue) => [i.grids, i.reason])).toEqual([[[child.id], 'unclosed ring']]);
        }
      });
    });

    describe('POST /api/validate/fix', () => {
      it('returns the fixed coverage, what changed, and a re-validation without errors', async () => {
        const res = await post('/api/validate/fix', { grids: featureCollection(shifted(grids, interior.id, shift)) });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.grids.features).toHaveLength(grids.length);
        expect(body.proposals.map((p: { type: string }) => p.type)).toEqual(expect.arrayContaining(['overlap', 'gap']));
        expect(body.changed.length).toBeGreaterThan(0);
        expect(body.validation.issues.filter((i: Issue) => i.severity === 'error')).toEqual([]);
        // and PostGIS agrees that the fixed coverage is clean
        const again = (await post('/api/validate?engine=postgis', { grids: body.grids })).json();
        expect(geometric(again.issues).filter((i: Issue) => i.severity === 'error')).toEqual([]);
      });
    });

    describe('GET /api/validate/current', () => {
      beforeAll(async () => storeCoverage(ctx.db, grids, buildings));

      it('validates the published generation on both engines with the same answer', async () => {
        const sql = await ctx.app.inject('/api/validate/current');
        expect(sql.statusCode).toBe(200);
        expect(sql.json().engine).toBe('postgis');
        expect(sql.json().valid).toBe(true);
        const core = (await ctx.app.inject('/api/validate/current?engine=core')).json();
        expect(compareIssues(core.issues, sql.json().issues)).toEqual([]);
        // stored grids have no workers: every level-2 grid says so
        expect(sql.json().issues.filter((i: Issue) => i.type === 'no_worker')).toHaveLength(grids.filter((g) => g.level === 2).length);
      });

      it('finds a reshaped published grid', async () => {
        const moved = translate(interior, shift);
        await ctx.db.query(`update grid set geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) where id = $2`, [JSON.stringify(moved.geometry), interior.id]);
        const sql = (await ctx.app.inject('/api/validate/current?min_area_m2=5')).json();
        const core = (await ctx.app.inject('/api/validate/current?engine=core&min_area_m2=5')).json();
        expect(sql.valid).toBe(false);
        expect(sql.issues.some((i: Issue) => i.type === 'overlap' && i.grids.includes(interior.id))).toBe(true);
        expect(compareIssues(core.issues, sql.issues)).toEqual([]);
      });

      it('rejects a bad engine', async () => {
        const res = await ctx.app.inject('/api/validate/current?engine=geos');
        expect(res.statusCode).toBe(400);
      });
    });
  });
}

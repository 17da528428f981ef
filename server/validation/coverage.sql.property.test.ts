// Moving one shared vertex of a random valid partition produces overlaps and/or gaps whose area is the
// area that moved — as PostGIS measures it, ST_Area(ST_SymDifference(before, after)::geography), within
// 1 % — and the PostGIS check reports the same issues as the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backends, closeTestDbs, openTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/db.ts';
import { validateCoverage } from '../geometry/coverage.validate.ts';
import { validateCoverageSql } from './coverage.sql.ts';
import { compareIssues } from './issues.compare.ts';
import { meanWidthM, moveSharedVertex, partitionArb } from './partition.arbitrary.ts';

const geometric = new Set(['overlap', 'gap', 'outside_parent']);
const shiftArb = fc.tuple(fc.nat(), fc.double({ min: -25, max: 25, noNaN: true }), fc.double({ min: -25, max: 25, noNaN: true }));

for (const backend of backends) {
  describe(`moved vertex vs PostGIS (${backend})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend, 'empty');
    }, 120_000);
    afterAll(closeTestDbs);

    it('issue areas match ST_Area of the symmetric difference within 1 %, and both engines agree', async () => {
      await fc.assert(
        fc.asyncProperty(partitionArb, shiftArb, async (grids, [pick, east, north]) => {
          fc.pre(Math.hypot(east, north) > 3);
          // grids wider than the disturbance (a centimetre-sized cell is all noise)
          fc.pre(grids.every((g) => meanWidthM(g) > 30));
          const moved = moveSharedVertex(grids, pick, east / 94_400, north / 111_000);
          fc.pre(moved !== null);
          const core = validateCoverage(moved!.grids);
          fc.pre(!core.issues.some((i) => i.type === 'invalid_geometry'));
          const found = core.issues.filter((i) => geometric.has(i.type)).reduce((s, i) => s + i.area_m2, 0);
          const { rows } = await db.query<{ area: number }>(
            `select ST_Area(ST_SymDifference(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))::geography) area`,
            [JSON.stringify({ type: 'MultiPolygon', coordinates: moved!.before }), JSON.stringify({ type: 'MultiPolygon', coordinates: moved!.after })],
          );
          const expected = rows[0].area;
          expect(expected).toBeGreaterThan(0);
          expect(Math.abs(found - expected)).toBeLessThanOrEqual(0.01 * expected);
          const sql = await validateCoverageSql(db, moved!.grids);
          expect(compareIssues(core.issues, sql.issues)).toEqual([]);
        }),
        { numRuns: backend === 'pglite' ? 10 : 30, endOnFailure: true },
      );
    }, 300_000);
  });
}

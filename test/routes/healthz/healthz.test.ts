import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { buildApp } from '../../../server/app.ts';
import type { Db } from '../../../server/db/db.ts';
import { DatabaseUnavailableError } from '../../../server/db/db.unavailable.ts';

for (const backend of backends) {
  describe(`GET /healthz (${backend})`, () => {
    const ctx = useApp(backend, 'empty');

    it('names the backend and what its PostGIS can do', async () => {
      const res = await ctx.app.inject('/healthz');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ status: 'ok', db: backend });
      expect(body.postgis).toMatch(/^3\.\d+/);
      // PGlite's PostGIS is built without protobuf (no ST_AsMVT) but is new enough for ST_Coverage*;
      // Debian 12's PostGIS 3.3 is the other way round.
      if (backend === 'pglite') expect(body.capabilities).toEqual({ mvt: false, coverage: true });
      else expect(body.capabilities.mvt).toBe(true);
    });

    it('is ready while the database answers, reading from the primary when no replica is set', async () => {
      const res = await ctx.app.inject('/readyz');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', read_db: 'primary' });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('is not ready (503, Retry-After) while a database does not answer, and alive all the same', async () => {
      const down = (db: Db): Db => ({ ...db, ping: () => Promise.reject(new DatabaseUnavailableError(new Error('connect ECONNREFUSED'))) });
      const app = await buildApp({ db: ctx.db, readDb: down(ctx.db) });
      try {
        const res = await app.inject('/readyz');
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('1');
        expect(res.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; try again shortly' });
        expect((await app.inject('/healthz')).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('answers unknown paths with a JSON 404', async () => {
      const res = await ctx.app.inject('/api/nothing-here');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('serves the OpenAPI document', async () => {
      const res = await ctx.app.inject('/docs/json');
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/healthz', '/api/lookup', '/api/lookup/batch', '/api/grids', '/api/grids/{id}']));
    });
  });
}

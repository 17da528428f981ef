// GET /api/kiosk: where the kiosk stands and its idle timeout, from KIOSK_LON/KIOSK_LAT/KIOSK_IDLE_SECONDS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Db } from '../../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../../helpers/db.ts';

describe('GET /api/kiosk', () => {
  let db: Db;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    db = await openTestDb('pglite', 'empty');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await closeTestDbs();
  });

  async function kioskSettings(env: Record<string, string>) {
    const app = await buildApp({ db, config: loadConfig(env) });
    apps.push(app);
    const res = await app.inject('/api/kiosk');
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('has no home and a 90 s timeout by default', async () => {
    expect(await kioskSettings({})).toEqual({ home: null, idle_seconds: 90 });
  });

  it('answers the configured place and timeout', async () => {
    expect(await kioskSettings({ KIOSK_LON: '118.1213', KIOSK_LAT: '24.5112', KIOSK_IDLE_SECONDS: '45' })).toEqual({
      home: { lon: 118.1213, lat: 24.5112 },
      idle_seconds: 45,
    });
  });

  it.each([
    [{ KIOSK_LON: '118.1' }, /KIOSK_LON and KIOSK_LAT/],
    [{ KIOSK_LON: '218.1', KIOSK_LAT: '24.5' }, /longitude/],
    [{ KIOSK_LON: 'east', KIOSK_LAT: '24.5' }, /KIOSK_LON/],
    [{ KIOSK_IDLE_SECONDS: '2' }, /KIOSK_IDLE_SECONDS must be an integer ≥ 5/],
  ])('refuses to start with %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

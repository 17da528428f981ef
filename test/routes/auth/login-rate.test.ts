// Per-address login limits (LOGIN_RATE_LIMIT) on top of the per-name lock-out: one address trying many
// names is stopped too. This machine is exempt, so the requests come from another address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import { backends, closeTestDbs, openTestDb } from '../../helpers/db.ts';

for (const backend of backends) {
  describe(`login rate limit per address (${backend})`, () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp({ db: await openTestDb(backend, 'empty'), config: loadConfig({ LOGIN_RATE_LIMIT: '3' }) });
    });
    afterAll(async () => {
      await app?.close();
      await closeTestDbs();
    });

    const attempt = (remoteAddress: string, username: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password: 'wrong-password-z' } });

    it('answers 429 after 3 attempts a minute from one address, across user names; other addresses go on', async () => {
      for (const name of ['a1', 'a2', 'a3']) expect((await attempt('203.0.113.7', name)).statusCode).toBe(401);
      const limited = await attempt('203.0.113.7', 'a4');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().message).toMatch(/too many requests/);
      expect((await attempt('203.0.113.8', 'a5')).statusCode).toBe(401);
      for (let i = 0; i < 5; i++) expect((await attempt('127.0.0.1', `local${i}`)).statusCode).toBe(401);
    });
  });
}

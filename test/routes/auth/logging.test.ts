// The request log holds no credentials and no personal data: not the password of a login, not the
// session cookie or an API token, not a name or ID number searched for, not a database error's detail.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { loggableUrl } from '../../../server/auth/log.redact.ts';
import { backends, closeTestDbs, openTestDb } from '../../helpers/db.ts';
import { createUser, login } from '../../helpers/auth.ts';
import type { Db } from '../../../server/db/db.ts';

describe('loggableUrl', () => {
  it('keeps the parameter names of personal routes and drops their values', () => {
    expect(loggableUrl('/api/residents?q=110101199003074477&limit=5')).toBe('/api/residents?q=~&limit=~');
    expect(loggableUrl('/api/ledgers/households?grid=2&format=csv')).toBe('/api/ledgers/households?grid=~&format=~');
    expect(loggableUrl('/api/search?q=康乐')).toBe('/api/search?q=康乐');
    expect(loggableUrl('/api/residents/12')).toBe('/api/residents/12');
  });
});

for (const backend of backends) {
  describe(`request log (${backend})`, () => {
    let app: FastifyInstance;
    let db: Db;
    let log = '';
    beforeAll(async () => {
      db = await openTestDb(backend, 'kangle');
      const stream = new Writable({ write: (chunk, _e, done) => ((log += String(chunk)), done()) });
      app = await buildApp({ db, logger: { level: 'trace', stream } });
    });
    afterAll(async () => {
      await app?.close();
      await closeTestDbs();
    });

    it('logs requests without secrets or personal data', async () => {
      const admin = await createUser(db, 'admin');
      const cookie = await login(app, admin.username, admin.password);
      const token = (await app.inject({ method: 'POST', url: `/api/users/${admin.user.id}/tokens`, headers: { cookie }, payload: { name: 'x' } })).json().token;
      const person = (await db.query<{ name: string; id_number: string; phone: string }>('select name, id_number, phone from resident where phone is not null limit 1')).rows[0];
      await app.inject({ url: `/api/residents?q=${person.id_number}`, headers: { cookie } });
      await app.inject({ url: `/api/residents?q=${encodeURIComponent(person.name)}`, headers: { authorization: `Bearer ${token}` } });
      await app.inject({ url: '/api/residents/1', headers: { cookie } });
      await app.inject({ method: 'POST', url: '/api/residents/import', headers: { cookie, 'content-type': 'text/csv' }, payload: `building_id,name,phone\n1,${person.name},${person.phone}\n` });
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: admin.username, password: 'a-wrong-secret-password' } });
      expect(log).toContain('/api/residents?q=~');
      expect(log.split('\n').length).toBeGreaterThan(10);
      for (const secret of [admin.password, 'a-wrong-secret-password', cookie.split('=')[1], token, person.id_number, person.name, person.phone]) {
        expect(log.includes(secret), secret).toBe(false);
      }
    });
  });
}

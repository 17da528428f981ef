// No default credentials: the first admin exists only when WANGGE_ADMIN_USER / WANGGE_ADMIN_PASSWORD say
// so, on a start that finds no admin; otherwise nobody can log in, and the log says how to fix that.
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import { backends, closeTestDbs, openTestDb } from '../../helpers/db.ts';

/** A logger that keeps its lines, to read what a start said. */
function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: { level: 'info', stream } };
}

const DEFAULT_GUESSES: Array<[string, string]> = [
  ['admin', 'admin'], ['admin', 'password'], ['admin', '123456'], ['admin', 'admin123'], ['root', 'root'], ['admin', ''], ['wangge', 'wangge'], ['admin', 'changeme'],
];

for (const backend of backends) {
  describe(`first admin (${backend})`, () => {
    afterAll(closeTestDbs);

    const start = async (env: Record<string, string>, db?: Awaited<ReturnType<typeof openTestDb>>) => {
      const database = db ?? (await openTestDb(backend, 'empty'));
      const { lines, logger } = capture();
      const app = await buildApp({ db: database, logger, config: loadConfig(env) });
      await app.ready();
      return { app, db: database, lines };
    };
    const tryLogin = (app: Awaited<ReturnType<typeof start>>['app'], username: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: password || 'x' } });

    it('without WANGGE_ADMIN_* creates no account, says how to create one, and no guess logs in', async () => {
      const { app, db, lines } = await start({});
      expect((await db.query('select count(*)::int as n from app_user')).rows[0]).toEqual({ n: 0 });
      const warning = lines.find((l) => /no administrator account exists/.test(l.msg));
      expect(warning?.level).toBe(40);
      expect(warning?.msg).toMatch(/WANGGE_ADMIN_USER and WANGGE_ADMIN_PASSWORD/);
      for (const [username, password] of DEFAULT_GUESSES) {
        // 401, or 429 once the guesses at one name lock it: never a session
        const res = await tryLogin(app, username, password);
        expect([401, 429], `${username}/${password}`).toContain(res.statusCode);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      await app.close();
    });

    it('creates the admin from WANGGE_ADMIN_*, once; a later start with other values changes nothing', async () => {
      const first = await start({ WANGGE_ADMIN_USER: 'chief', WANGGE_ADMIN_PASSWORD: 'tea-garden-morning-42' });
      expect(first.lines.some((l) => /created the administrator account "chief"/.test(l.msg))).toBe(true);
      expect(first.lines.map((l) => JSON.stringify(l)).join('\n')).not.toContain('tea-garden-morning-42');
      const res = await tryLogin(first.app, 'chief', 'tea-garden-morning-42');
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('admin');
      await first.app.close();

      const second = await start({ WANGGE_ADMIN_USER: 'chief', WANGGE_ADMIN_PASSWORD: 'another-secret-value' }, first.db);
      expect((await first.db.query(`select count(*)::int as n from app_user`)).rows[0]).toEqual({ n: 1 });
      expect((await tryLogin(second.app, 'chief', 'another-secret-value')).statusCode).toBe(401);
      expect((await tryLogin(second.app, 'chief', 'tea-garden-morning-42')).statusCode).toBe(200);
      expect(second.lines.some((l) => /administrator account exists/.test(l.msg))).toBe(true);
      await second.app.close();
    });

    it.each([
      [{ WANGGE_ADMIN_USER: 'admin', WANGGE_ADMIN_PASSWORD: 'admin' }, /at least 10/],
      [{ WANGGE_ADMIN_USER: 'admin', WANGGE_ADMIN_PASSWORD: 'password123' }, /common/],
      [{ WANGGE_ADMIN_USER: 'admin' }, /WANGGE_ADMIN_PASSWORD is not set/],
      [{ WANGGE_ADMIN_PASSWORD: 'tea-garden-morning-42' }, /WANGGE_ADMIN_USER is not set/],
      [{ WANGGE_ADMIN_USER: 'has space', WANGGE_ADMIN_PASSWORD: 'tea-garden-morning-42' }, /WANGGE_ADMIN_USER must be/],
    ])('refuses %j: no account, an error in the log, the service still starts', async (env, reason) => {
      const { app, db, lines } = await start(env);
      expect((await db.query('select count(*)::int as n from app_user')).rows[0]).toEqual({ n: 0 });
      expect(lines.some((l) => l.level === 50 && reason.test(l.msg))).toBe(true);
      expect((await app.inject('/healthz')).statusCode).toBe(200);
      await app.close();
    });
  });
}

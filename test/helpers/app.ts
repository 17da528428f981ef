import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Backend, Db } from '../../server/db/db.ts';
import { buildApp } from '../../server/app.ts';
import { closeTestDbs, openTestDb, type Fixture } from './db.ts';

/** Registers hooks that give the suite an app on a fresh database; read `.app` / `.db` inside tests. */
export function useApp(backend: Backend, fixture: Fixture = 'kangle') {
  const ctx = {} as { app: FastifyInstance; db: Db };
  beforeAll(async () => {
    ctx.db = await openTestDb(backend, fixture);
    ctx.app = await buildApp({ db: ctx.db });
    await ctx.app.ready();
  }, 60_000);
  afterAll(async () => {
    await ctx.app?.close();
    await closeTestDbs();
  });
  return ctx;
}

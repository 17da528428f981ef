// Test databases: each test file gets its own fresh copy of a prepared template, on every backend
// under test. PGlite templates are data directories copied on disk (2–3 s to open instead of ~12 s
// to initialise); PostgreSQL templates are databases cloned with CREATE DATABASE … TEMPLATE.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { Backend, Db } from '../../server/db/db.ts';
import { openPglite } from '../../server/db/pglite.db.ts';
import { openPg } from '../../server/db/pg.db.ts';
import { migrate } from '../../server/db/migrate.ts';

export type Fixture = 'empty' | 'kangle';

/** PostgreSQL under test: WANGGE_TEST_PG_URL (a superuser connection string to any database). */
export const pgUrl = process.env.WANGGE_TEST_PG_URL;
export const backends: Backend[] = pgUrl ? ['pglite', 'postgis'] : ['pglite'];

const tmpDir = path.resolve(import.meta.dirname, '../.tmp');
const templateDir = (fixture: Fixture) => path.join(tmpDir, `pglite-template-${fixture}`);
const templateDb = (fixture: Fixture) => `wangge_template_${fixture}`;

function dbUrl(name: string): string {
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function fill(db: Db, fixture: Fixture): Promise<void> {
  await migrate(db);
  if (fixture === 'kangle') {
    const { seedPreset } = await import('../../server/demo/seed.ts');
    await seedPreset(db, 'kangle');
  }
}

/** Builds every template once per test run (vitest globalSetup). */
export async function prepareTemplates(fixtures: Fixture[] = ['empty', 'kangle']): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  for (const fixture of fixtures) {
    const dir = templateDir(fixture);
    fs.rmSync(dir, { recursive: true, force: true });
    const db = await openPglite(dir);
    await fill(db, fixture);
    await db.close();
    if (!pgUrl) continue;
    const name = templateDb(fixture);
    await admin(async (c) => {
      await c.query(`update pg_database set datistemplate = false where datname = $1`, [name]);
      await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`create database ${name}`);
    });
    const pgDb = await openPg(dbUrl(name), 2);
    await fill(pgDb, fixture);
    await pgDb.query('vacuum analyze').catch(() => {});
    await pgDb.close();
    await admin((c) => c.query(`update pg_database set datistemplate = true where datname = $1`, [name]));
  }
}

const opened: Array<() => Promise<void>> = [];

/** A fresh database with the fixture's data, private to the caller; dropped by closeTestDbs(). */
export async function openTestDb(backend: Backend, fixture: Fixture = 'kangle'): Promise<Db> {
  const suffix = crypto.randomBytes(4).toString('hex');
  if (backend === 'pglite') {
    const dir = path.join(tmpDir, `pglite-${suffix}`);
    fs.cpSync(templateDir(fixture), dir, { recursive: true });
    const db = await openPglite(dir);
    opened.push(async () => {
      await db.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return db;
  }
  const name = `wangge_test_${suffix}`;
  await admin((c) => c.query(`create database ${name} template ${templateDb(fixture)}`));
  const db = await openPg(dbUrl(name), 4);
  opened.push(async () => {
    await db.close().catch(() => {});
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  });
  return db;
}

export async function closeTestDbs(): Promise<void> {
  while (opened.length) await opened.pop()!();
}

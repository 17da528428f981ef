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
const root = path.resolve(import.meta.dirname, '../..');

/**
 * Templates are named by a fingerprint of what builds them (migrations, demo generator, this file), so
 * a run reuses a template that is still right and concurrent runs never rebuild one under each other.
 */
function fingerprint(fixture: Fixture): string {
  const hash = crypto.createHash('sha1').update(fixture);
  const files = [
    ...fs.readdirSync(path.join(root, 'sql')).map((f) => path.join(root, 'sql', f)),
    ...(fixture === 'empty' ? [] : listTs(path.join(root, 'server/demo'))),
    path.join(root, 'test/helpers/db.ts'),
  ].sort();
  for (const f of files) hash.update(f).update(fs.readFileSync(f));
  return hash.digest('hex').slice(0, 10);
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(dir, f));
}

const templateDir = (fixture: Fixture) => path.join(tmpDir, `pglite-template-${fixture}-${fingerprint(fixture)}`);
const templateDb = (fixture: Fixture) => `wangge_tpl_${fixture}_${fingerprint(fixture)}`;

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

/** Builds each template that does not exist yet (vitest globalSetup); built aside, then renamed into place. */
export async function prepareTemplates(fixtures: Fixture[] = ['empty', 'kangle']): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  for (const fixture of fixtures) {
    await preparePgliteTemplate(fixture);
    if (pgUrl) await preparePgTemplate(fixture);
  }
}

async function preparePgliteTemplate(fixture: Fixture): Promise<void> {
  const dir = templateDir(fixture);
  if (fs.existsSync(dir)) return;
  const building = `${dir}.building-${crypto.randomBytes(4).toString('hex')}`;
  const db = await openPglite(building);
  await fill(db, fixture);
  await db.close();
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run finished first
  }
}

async function preparePgTemplate(fixture: Fixture): Promise<void> {
  const name = templateDb(fixture);
  const exists = await admin(async (c) => (await c.query('select 1 from pg_database where datname = $1 and datistemplate', [name])).rowCount);
  if (exists) return;
  const building = `${name}_b${crypto.randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`create database ${building}`));
  const db = await openPg(dbUrl(building), 2);
  await fill(db, fixture);
  await db.query('vacuum analyze').catch(() => {});
  await db.close();
  await admin(async (c) => {
    try {
      await c.query(`alter database ${building} rename to ${name}`);
      await c.query('update pg_database set datistemplate = true where datname = $1', [name]);
    } catch {
      await c.query(`drop database if exists ${building} with (force)`);
    }
  });
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

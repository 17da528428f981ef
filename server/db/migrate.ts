import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const sqlDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql');

/** Numbered .sql files, in order; the file name (e.g. 001_init.sql) is the migration's identity. */
export function migrationFiles(dir = sqlDir): string[] {
  return fs.readdirSync(dir).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
}

/**
 * Applies every migration not yet recorded in one transaction, so a failure leaves the schema as it
 * was. An advisory lock keeps two processes starting together from racing.
 */
export async function migrate(db: Db, dir = sqlDir): Promise<string[]> {
  await db.exec(`create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(872341)');
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migration')).rows.map((r) => r.name));
    for (const file of migrationFiles(dir)) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      await tx.exec(sql);
      await tx.query('insert into schema_migration (name) values ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}

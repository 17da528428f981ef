// `npm run migrate`: applies pending sql/ migrations to the configured database and reports them.
import { loadConfig } from '../server/config.ts';
import { openDb } from '../server/db/open.ts';

const db = await openDb(loadConfig());
const { rows } = await db.query<{ name: string; applied_at: Date }>('select name, applied_at from schema_migration order by name');
for (const r of rows) console.log(`${r.name}\t${r.applied_at.toISOString()}`);
await db.close();

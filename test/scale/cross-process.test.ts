// Two server processes on one PostGIS: what is committed through one (or by anyone on the primary)
// shows in the other's lookups and tiles within a second — by NOTIFY of the data revision, no polling.
// Also what needs no throwaway cluster: a publish whose backend is killed, and a graceful SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb, pgUrl } from '../helpers/db.ts';
import { createUser } from '../helpers/auth.ts';
import { startServer, type ServerProcess } from '../helpers/server.process.ts';
import { login, lookupName, msUntil, planRenaming, probeGrid, publish, tileName, type Probe } from './scale.client.ts';

const VISIBLE_WITHIN_MS = 1000;

describe.skipIf(!pgUrl)('two server processes share one PostGIS (postgis)', () => {
  let db: Db;
  let a: ServerProcess;
  let b: ServerProcess;
  let probe: Probe;

  beforeAll(async () => {
    db = await openTestDb('postgis', 'kangle');
    const { rows: [{ name }] } = await db.query<{ name: string }>('select current_database() as name');
    const url = Object.assign(new URL(pgUrl!), { pathname: `/${name}` }).toString();
    [a, b] = await Promise.all([startServer({ DATABASE_URL: url }), startServer({ DATABASE_URL: url })]);
    probe = await probeGrid(db);
  }, 120_000);

  afterAll(async () => {
    const code = await a?.stop();
    await b?.stop();
    await closeTestDbs();
    expect(code, 'the process closes cleanly on SIGTERM').toBe(0);
  });

  it('a grid renamed on the primary shows in both processes’ lookups and versioned tiles within 1 s', async () => {
    for (const s of [a, b]) {
      expect(await lookupName(s.url, probe)).toBe(probe.name);
      expect((await tileName(s.url, probe)).name).toBe(probe.name);
    }
    const before = await tileName(b.url, probe);
    const renamed = `${probe.name}（改）`;
    await db.query('update grid set name = $1 where id = $2 and valid_to is null', [renamed, probe.id]);
    const started = performance.now();
    const [lookupB, tileB, lookupA] = await Promise.all([
      msUntil(async () => (await lookupName(b.url, probe)) === renamed, 5000, started),
      msUntil(async () => (await tileName(b.url, probe)).name === renamed, 5000, started),
      msUntil(async () => (await lookupName(a.url, probe)) === renamed, 5000, started),
    ]);
    console.log(`direct edit visible in ms: lookup B ${lookupB}, tile B ${tileB}, lookup A ${lookupA}`);
    expect(Math.max(lookupB, tileB, lookupA)).toBeLessThan(VISIBLE_WITHIN_MS);

    const after = await tileName(b.url, probe);
    expect(after.url).not.toBe(before.url);
    expect(after.cacheControl).toBe('public, max-age=31536000, immutable');
    // the old URL still names the old content (cached) or redirects to the new one
    const old = await fetch(before.url, { redirect: 'manual' });
    expect([200, 302]).toContain(old.status);
    if (old.status === 302) expect(new URL(old.headers.get('location')!, before.url).pathname).toBe(new URL(after.url).pathname);
    else expect(old.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('a plan published through one process shows in the other’s lookups and tiles within 1 s', async () => {
    const planner = await createUser(db, 'planner');
    const cookie = await login(a.url, planner.username, planner.password);
    const published = `${probe.name}（新方案）`;
    const plan = await planRenaming(a.url, cookie, probe.id, published);
    const res = await publish(a.url, cookie, plan);
    expect(res.status, await res.clone().text()).toBe(200);
    const started = performance.now();
    const { generation } = (await res.json()) as { generation: number };
    const [lookupB, tileB] = await Promise.all([
      msUntil(async () => (await lookupName(b.url, probe)) === published, 5000, started),
      msUntil(async () => (await tileName(b.url, probe)).name === published, 5000, started),
    ]);
    console.log(`publish through A visible in B in ms: lookup ${lookupB}, tile ${tileB}`);
    expect(Math.max(lookupB, tileB)).toBeLessThan(VISIBLE_WITHIN_MS);
    const answer = (await (await fetch(`${b.url}/api/lookup?lon=${probe.lon}&lat=${probe.lat}`)).json()) as { generation: number };
    expect(answer.generation).toBe(generation);
  });

  it('a publish whose backend is terminated mid-transaction answers 503 and leaves no partial generation', async () => {
    const planner = await createUser(db, 'planner');
    const cookie = await login(a.url, planner.username, planner.password);
    const plan = await planRenaming(a.url, cookie, probe.id, `${probe.name}（中断）`);
    const before = (await db.query<{ max: number }>('select coalesce(max(id), 0) as max from generation')).rows[0].max;
    // Hold the grid row, so the publish stops inside its transaction after writing the generation row.
    const held = await db.transaction(async (tx) => {
      await tx.query('select 1 from grid where id = $1 and valid_to is null for update', [probe.id]);
      const publishing = publish(a.url, cookie, plan);
      const waiting = `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'update grid g set valid_to%'`;
      // from another connection: inside a transaction pg_stat_activity is a snapshot that never moves
      await msUntil(async () => (await db.query(waiting)).rowCount > 0, 10_000);
      await db.query(`select pg_terminate_backend(pid) from (${waiting}) w`);
      return publishing;
    });
    expect(held.status).toBe(503);
    expect(held.headers.get('retry-after')).toBe('1');
    expect((await db.query<{ max: number }>('select coalesce(max(id), 0) as max from generation')).rows[0].max).toBe(before);
    expect((await db.query('select 1 from grid where valid_from > $1 or valid_to > $1', [before])).rowCount).toBe(0);
    expect((await db.query<{ status: string }>('select status from plan where id = $1', [plan])).rows[0].status).toBe('draft');
    const again = await publish(a.url, cookie, plan);
    expect(again.status, await again.clone().text()).toBe(200);
  });

  it('on SIGTERM finishes the request in flight, refuses new ones, and exits 0', async () => {
    const points = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ id: String(i), lon: probe.lon + (i % 100) * 1e-5, lat: probe.lat }));
    const batch = fetch(`${b.url}/api/lookup/batch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: points.join('\n') });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = b.stop();
    const res = await batch;
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\n')).toHaveLength(points.length);
    expect(await fetch(`${b.url}/readyz`).then((r) => r.status, () => 'refused')).not.toBe(200);
    const code = await exited;
    if (code !== 0) console.error(b.output().slice(-3000));
    expect(code).toBe(0);
  });
});

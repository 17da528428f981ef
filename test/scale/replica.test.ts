// Reads from a streaming replica (DATABASE_READ_URL), writes and LISTEN on the primary, against a real
// hot standby made by pg_basebackup (scripts/pg.cluster.sh). Pausing the standby's replay shows where
// each read goes, and that caches keyed by a revision wait until the replica has that revision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDb } from '../../server/db/open.ts';
import { openPg } from '../../server/db/pg.db.ts';
import { replicaCatchUp } from '../../server/db/replica.catch-up.ts';
import { seedIfEmpty } from '../../server/demo/seed.ts';
import { createUser } from '../helpers/auth.ts';
import { clusterUnavailable, createCluster, type TestCluster } from '../helpers/pg.cluster.ts';
import { startServer, type ServerProcess } from '../helpers/server.process.ts';
import { login, lookupName, msUntil, planRenaming, probeGrid, publish, tileName, type Probe } from './scale.client.ts';


if (clusterUnavailable) console.warn(`replica test skipped: ${clusterUnavailable}`);

describe.skipIf(clusterUnavailable)('read replica (postgis, throwaway primary + hot standby)', () => {
  let cluster: TestCluster;
  let primary: Db;
  let replica: Db;
  let server: ServerProcess;
  let probe: Probe;

  const gridName = async (id: number) => ((await (await fetch(`${server.url}/api/grids/${id}`)).json()) as { properties: { name: string } }).properties.name;

  beforeAll(async () => {
    cluster = await createCluster('wgreplica', { replica: true });
    primary = await openDb({ databaseUrl: cluster.primaryUrl, dataDir: '' }, (setup) => seedIfEmpty(setup, 'kangle'));
    replica = await openPg(cluster.replicaUrl, { poolSize: 2, readOnly: true });
    const { rows: [{ lsn }] } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    await replicaCatchUp(replica, { timeoutMs: 30_000 })(lsn);
    server = await startServer({ DATABASE_URL: cluster.primaryUrl, DATABASE_READ_URL: cluster.replicaUrl, DB_CONNECT_TIMEOUT_MS: '1000' });
    probe = await probeGrid(primary);
  }, 120_000);

  afterAll(async () => {
    const code = await server?.stop();
    await Promise.all([primary?.close(), replica?.close()].map((p) => p?.catch(() => {})));
    await cluster?.drop();
    expect(code).toBe(0);
  });

  it('is ready with a replica, and the replica is one (read-only, in recovery)', async () => {
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready', read_db: 'replica' });
    expect((await replica.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0].r).toBe(true);
  });

  it('reads grids from the replica, and holds a new revision back until the replica has replayed it', async () => {
    const revision = Number(/\/grids\/(\d+)\//.exec((await tileName(server.url, probe)).url)![1]);
    await replica.query('select pg_wal_replay_pause()');
    try {
      await primary.query(`update grid set name = 'on the primary only' where id = $1 and valid_to is null`, [probe.id]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // the primary has it; everything this process reads comes from the paused replica
      expect(await gridName(probe.id)).toBe(probe.name);
      expect(await lookupName(server.url, probe)).toBe(probe.name);
      const tile = await tileName(server.url, probe);
      expect(tile.url).toContain(`/grids/${revision}/`);
      expect(tile.name).toBe(probe.name);
    } finally {
      await replica.query('select pg_wal_replay_resume()');
    }
    const started = performance.now();
    const ms = await msUntil(async () => (await lookupName(server.url, probe)) === 'on the primary only' && (await tileName(server.url, probe)).name === 'on the primary only', 5000, started);
    console.log(`replica resumed: the edit shows in lookups and tiles after ${ms} ms`);
    expect(ms).toBeLessThan(1000);
    expect(await gridName(probe.id)).toBe('on the primary only');
  });

  it('writes go to the primary: login and a published plan, seen through the replica within 1 s', async () => {
    const planner = await createUser(primary, 'planner');
    const cookie = await login(server.url, planner.username, planner.password);
    const plan = await planRenaming(server.url, cookie, probe.id, '经由副本');
    const res = await publish(server.url, cookie, plan);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await msUntil(async () => (await lookupName(server.url, probe)) === '经由副本', 1000)).toBeLessThan(1000);
  });

  it('answers 503 and is not ready while the replica is down, and recovers without a restart', async () => {
    await cluster.stop('replica');
    try {
      const res = await fetch(`${server.url}/api/grids/${probe.id}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    } finally {
      await cluster.start('replica');
    }
    const ms = await msUntil(async () => (await fetch(`${server.url}/readyz`)).status === 200 && (await fetch(`${server.url}/api/grids/${probe.id}`)).status === 200, 10_000);
    console.log(`replica back: ready again after ${ms} ms`);
    expect(ms).toBeLessThan(5000);
  });
});

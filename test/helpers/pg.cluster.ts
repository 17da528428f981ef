// Throwaway PostgreSQL clusters (scripts/pg.cluster.sh) for tests that stop the database or need a
// streaming replica: never the shared cluster other test runs use. Needs root and postgresql-common.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import net from 'node:net';

const script = path.resolve(import.meta.dirname, '../../scripts/pg.cluster.sh');
const run = promisify(execFile);

/** Why these tests cannot run here, or null when they can. */
export const clusterUnavailable: string | null = (() => {
  if (process.getuid?.() !== 0) return 'needs root to create throwaway PostgreSQL clusters (CI runs as root)';
  try {
    execFileSync('sh', ['-c', 'command -v pg_createcluster && command -v pg_basebackup'], { stdio: 'ignore' });
  } catch {
    return 'needs pg_createcluster and pg_basebackup (postgresql-common, postgresql-15)';
  }
  return null;
})();

export type ClusterRole = 'primary' | 'replica';

export interface TestCluster {
  primaryUrl: string;
  replicaUrl: string;
  stop(role?: ClusterRole): Promise<void>;
  /** resolves once the server accepts connections */
  start(role?: ClusterRole): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A primary and, with `replica`, a hot standby streaming from it (on the next port). Named
 * `<prefix>_<random>` on free ports, so test runs side by side never touch each other's clusters.
 */
export async function createCluster(prefix: string, { replica = false } = {}): Promise<TestCluster> {
  const name = `${prefix}_${crypto.randomBytes(3).toString('hex')}`;
  const port = await freePortPair();
  await run(script, ['create', name, String(port), ...(replica ? ['--replica'] : [])]);
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    replicaUrl: `postgresql://postgres@127.0.0.1:${port + 1}/postgres`,
    stop: async (role = 'primary') => void (await run(script, ['stop', name, role])),
    start: async (role = 'primary') => void (await run(script, ['start', name, role])),
    drop: async () => void (await run(script, ['drop', name])),
  };
}

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A free port whose successor is free too (below the ephemeral range, where clients' ports come from). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 5000);
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
  throw new Error('no two free ports next to each other');
}

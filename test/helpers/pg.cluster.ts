// Throwaway PostgreSQL clusters (scripts/pg.cluster.sh) for tests that stop the database or need a
// streaming replica: never the shared cluster other test runs use. Needs root and postgresql-common.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

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

/** A primary on `port` and, with `replica`, a hot standby on port + 1 streaming from it. */
export async function createCluster(name: string, port: number, { replica = false } = {}): Promise<TestCluster> {
  await run(script, ['create', name, String(port), ...(replica ? ['--replica'] : [])]);
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    replicaUrl: `postgresql://postgres@127.0.0.1:${port + 1}/postgres`,
    stop: async (role = 'primary') => void (await run(script, ['stop', name, role])),
    start: async (role = 'primary') => void (await run(script, ['start', name, role])),
    drop: async () => void (await run(script, ['drop', name])),
  };
}

// The seed CLI's argument handling: checked before any database is opened, so a typo never empties one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function seedCli(...args: string[]) {
  // An unreachable database: the CLI must fail on its arguments before it tries to connect.
  const env = { ...process.env, DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none', DEMO_PRESET: 'kangle' };
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/seed.ts'), ...args], { cwd: root, env, encoding: 'utf8' });
}

describe('npm run seed', () => {
  it('rejects an unknown preset, naming the known ones, even with --reset', () => {
    const r = seedCli('--preset', 'atlantis', '--reset');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown demo preset "atlantis"; known presets: kangle, maigaoqiao, city');
  });

  it('rejects a seed that is not an integer and unknown options, with the usage', () => {
    const bad = seedCli('--preset', 'kangle', '--seed', 'x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--seed must be an integer');
    const unknown = seedCli('--presett', 'kangle');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('usage: npm run seed -- --preset');
  });
});

// Browser tests: the built web app (npm run build) in headless Chromium against a real server.
// One file at a time: Chromium with software WebGL and an embedded database fill the two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

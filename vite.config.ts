// The web app: Vue 3 + Pinia + MapLibre, built into dist/web and served by server/routes/web.
// `npx vite` runs a dev server that proxies the API, tiles and basemap to a Wangge server on :3000.
import path from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const backend = process.env.WANGGE_DEV_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [vue()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // MapLibre alone is ~1 MB minified; it is one cacheable, immutable file, so the warning is noise.
    chunkSizeWarningLimit: 1500,
  },
  // MapLibre 6 starts its worker as an ES module.
  worker: { format: 'es' },
  server: {
    proxy: Object.fromEntries(['/api', '/tiles', '/basemap', '/ogc', '/docs', '/healthz', '/open311'].map((p) => [p, backend])),
  },
});

// The basemap under the grids, by configuration (BASEMAP; see interop/basemap.style.ts). With the demo
// basemap (the default) nothing here is registered and the web routes serve tiles/style.json as it is;
// otherwise /basemap/style.json is built here: our overlay on 天地图, on another style, or on a
// PMTiles archive in tiles/ (served here by HTTP range requests).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { StyleSpecification } from 'maplibre-gl';
import { overlayOnto, pmtilesKind, pmtilesPath, pmtilesStyle, tiandituStyle, type BasemapConfig } from '../../interop/basemap.style.ts';

export interface BasemapOptions {
  basemap: BasemapConfig;
  /** our style and the files BASEMAP may name; default tiles/ at the repository root */
  tilesDir?: string;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');
/** a style fetched from elsewhere is asked for again after this long */
const EXTERNAL_STYLE_TTL_MS = 10 * 60_000;

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as StyleSpecification;

const basemap: FastifyPluginAsync<BasemapOptions> = async (app, options) => {
  const config = options.basemap;
  if (config.kind === 'demo') return;
  const tilesDir = path.resolve(options.tilesDir ?? path.join(repoRoot, 'tiles'));
  const ours = () => readJson(path.join(tilesDir, 'style.json'));

  let build: () => Promise<StyleSpecification>;
  switch (config.kind) {
    case 'tianditu':
      build = async () => tiandituStyle(ours(), config.key);
      break;
    case 'style-file': {
      const file = path.join(tilesDir, config.file);
      if (!fs.existsSync(file)) throw new Error(`BASEMAP=${config.file}: no such file in ${tilesDir}`);
      build = async () => overlayOnto(ours(), readJson(file), `Wangge on ${config.file}`);
      break;
    }
    case 'style-url': {
      let cached: { at: number; style: StyleSpecification } | null = null;
      build = async () => {
        if (!cached || Date.now() - cached.at > EXTERNAL_STYLE_TTL_MS) {
          try {
            const res = await fetch(config.url, { signal: AbortSignal.timeout(10_000) });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            cached = { at: Date.now(), style: (await res.json()) as StyleSpecification };
          } catch (err) {
            // the grids must still show: the demo basemap stands in until the style can be read
            app.log.warn({ err, url: config.url }, 'basemap style could not be fetched; serving the demo basemap');
            if (!cached) return ours();
          }
        }
        return overlayOnto(ours(), cached.style, `Wangge on ${config.url}`);
      };
      break;
    }
    case 'pmtiles': {
      const file = path.join(tilesDir, config.file);
      if (!fs.existsSync(file)) throw new Error(`BASEMAP=${config.file}: no such file in ${tilesDir}`);
      const header = Buffer.alloc(127);
      const fd = fs.openSync(file, 'r');
      fs.readSync(fd, header, 0, 127, 0);
      fs.closeSync(fd);
      const kind = pmtilesKind(header);
      if (!kind.valid) throw new Error(`BASEMAP=${config.file}: ${kind.reason}`);
      if (!kind.raster) throw new Error(`BASEMAP=${config.file} holds vector tiles, whose layers only a style can name: put a style in tiles/ whose source is pmtiles://${pmtilesPath(config.file)} and set BASEMAP to that .json`);
      build = async () => pmtilesStyle(ours(), config.file);
      break;
    }
  }
  // A style file in tiles/ may name a PMTiles archive there too, so every .pmtiles in tiles/ is readable.
  await app.register(fastifyStatic, {
    root: tilesDir,
    prefix: '/basemap/pmtiles/',
    decorateReply: false,
    index: false,
    allowedPath: (pathName) => /^\/[\w.-]+\.pmtiles$/.test(pathName),
    setHeaders: (reply) => reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*'),
  });

  app.get('/basemap/style.json', {
    config: { access: 'public' },
    schema: { summary: 'The map style: our grid, building and label layers over the configured basemap (BASEMAP)', tags: ['tiles'] },
  }, async (_request, reply) => reply.header('cache-control', 'no-cache').header('access-control-allow-origin', '*').type('application/json').send(JSON.stringify(await build())));
};

export default basemap;

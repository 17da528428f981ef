import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import errorsPlugin from '../../plugins/errors.plugin.ts';
import web from './index.ts';

const tilesDir = path.resolve(import.meta.dirname, '../../../tiles');

/** A web plugin over a throwaway build, with the error handling the real app has. */
async function appWith(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(errorsPlugin);
  await app.register(web, { distDir });
  app.get('/api/known', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('web app, built', () => {
  let app: FastifyInstance;
  let distDir: string;
  const indexHtml = '<!doctype html><title>wangge test build</title><script type="module" src="/assets/index-abc123.js"></script>';

  beforeAll(async () => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-web-'));
    fs.mkdirSync(path.join(distDir, 'assets'));
    fs.writeFileSync(path.join(distDir, 'index.html'), indexHtml);
    fs.writeFileSync(path.join(distDir, 'assets/index-abc123.js'), 'console.log("app")');
    app = await appWith(distDir);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(distDir, { recursive: true, force: true });
  });

  it.each(['/', '/editor', '/kiosk', '/dispatch', '/editor/plans/7', '/kiosk/search?q=康乐'])('answers %s with index.html, never cached stale', async (url) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(indexHtml);
  });

  it('marks no page as demo data when it cannot tell (no database)', async () => {
    expect((await app.inject({ url: '/' })).body).not.toContain('wangge-demo');
  });

  it('serves hashed bundles as immutable', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app")');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['cache-control']).toContain('max-age=31536000');
  });

  it.each(['/api/nope', '/api/grids/1/extra', '/tiles/nope.json', '/ogc/collections', '/assets/missing.js', '/editorial', '/index.html.bak'])(
    'leaves %s to the JSON 404 instead of the app',
    async (url) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    },
  );

  it('does not shadow the API routes beside it', async () => {
    const res = await app.inject({ url: '/api/known' });
    expect(res.json()).toEqual({ ok: true });
  });

  it('serves the basemap style with relative URLs for the client to resolve', async () => {
    const res = await app.inject({ url: '/basemap/style.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const style = res.json();
    expect(style.version).toBe(8);
    expect(style.glyphs).toBe('/basemap/glyphs/{fontstack}/{range}.pbf');
    expect(Object.keys(style.sources).sort()).toEqual(['basemap', 'buildings', 'grids']);
    for (const source of Object.values<{ url: string }>(style.sources)) expect(source.url).toMatch(/^\/tiles\/\w+\.json$/);
  });

  it('serves a glyph PBF for every fontstack the style uses', async () => {
    const style = JSON.parse(fs.readFileSync(path.join(tilesDir, 'style.json'), 'utf8'));
    const stacks = new Set<string>();
    for (const layer of style.layers) if (layer.layout?.['text-font']) stacks.add(layer.layout['text-font'].join(','));
    expect(stacks.size).toBeGreaterThan(0);
    for (const stack of stacks) {
      const res = await app.inject({ url: `/basemap/glyphs/${encodeURIComponent(stack)}/0-255.pbf` });
      expect(res.statusCode, stack).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-protobuf');
      expect(res.rawPayload.length).toBeGreaterThan(10_000);
      // first field: the fontstack message (tag 1, wire type 2) naming the stack
      expect(res.rawPayload[0]).toBe(0x0a);
      expect(res.rawPayload.includes(Buffer.from(stack))).toBe(true);
    }
  });

  it('keeps everything else in tiles/ private', async () => {
    for (const url of ['/basemap/glyphs/generate.ts', '/basemap/../package.json', '/basemap/%2e%2e/package.json', '/basemap/']) {
      const res = await app.inject({ url });
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('"dependencies"');
      expect(res.body).not.toContain('chromium');
    }
  });
});

describe('web app, not built', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith(path.join(os.tmpdir(), `wangge-no-build-${process.pid}`));
  });
  afterAll(() => app.close());

  it('says how to build it instead of failing obscurely', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build');
  });

  it('still serves the basemap and the JSON 404s', async () => {
    expect((await app.inject({ url: '/basemap/style.json' })).statusCode).toBe(200);
    const res = await app.inject({ url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().statusCode).toBe(404);
  });
});

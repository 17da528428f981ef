// The browser side of the service: the built Vite app (dist/web) and the offline basemap assets
// (tiles/: style and glyphs). Every page a browser needs comes from here, so the map works on a
// network with no internet at all.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface WebOptions {
  /** the Vite build output; default dist/web at the repository root */
  distDir?: string;
  /** the basemap style and glyphs; default tiles/ at the repository root */
  basemapDir?: string;
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Client-side routes of the app; each (and anything below it) is answered with index.html. */
export const appRoutes = ['/', '/editor', '/kiosk', '/dispatch', '/login'];

/** Only the style and the glyph PBFs of tiles/ are public; scripts and data beside them are not. */
const basemapFile = /^\/(?:style\.json|glyphs\/[^/]+\/\d+-\d+\.pbf)$/;

const web: FastifyPluginAsync<WebOptions> = async (app, options) => {
  const distDir = path.resolve(options.distDir ?? path.join(repoRoot, 'dist/web'));
  const basemapDir = path.resolve(options.basemapDir ?? path.join(repoRoot, 'tiles'));

  // Vite puts a content hash in every file name under assets/, so a browser may keep them forever.
  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    // dist/web may be built after the server starts (npm run build while it runs)
    suppressWarning: true,
  });

  await app.register(fastifyStatic, {
    root: basemapDir,
    prefix: '/basemap/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    allowedPath: (pathName) => basemapFile.test(pathName),
    setHeaders: (reply, filePath) => {
      if (filePath.endsWith('.pbf')) {
        reply.header('content-type', 'application/x-protobuf');
        reply.header('cache-control', 'public, max-age=86400');
      } else {
        // the style changes with the code; revalidate against its ETag
        reply.header('cache-control', 'no-cache');
      }
    },
  });

  const sendApp = async (_request: unknown, reply: FastifyReply) => {
    const html = await fs.promises.readFile(path.join(distDir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuiltPage);
    const note = await demoNote(app);
    const page = note === null ? html : html.replace('</head>', `<meta name="wangge-demo" content="${escapeAttribute(note)}">\n</head>`);
    // index.html names the hashed bundles of the current build, so it must never be cached stale
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  };
  for (const route of appRoutes) {
    app.get(route, { schema: { hide: true } }, sendApp);
    if (route !== '/') app.get(`${route}/*`, { schema: { hide: true } }, sendApp);
  }
};

/**
 * The note of the first generation when the data is a demo preset, else null. The demo seeder
 * (server/demo) writes notes that begin with 示例数据; the pages then show that badge, so nobody takes
 * invented people and phone numbers for real ones.
 */
async function demoNote(app: FastifyInstance): Promise<string | null> {
  if (!app.hasDecorator('db')) return null;
  try {
    const { rows } = await app.db.query<{ note: string | null }>('select note from generation order by id limit 1');
    const note = rows[0]?.note ?? null;
    return note !== null && note.startsWith('示例数据') ? note : null;
  } catch (err) {
    app.log.warn({ err }, 'could not read the generation note for the demo badge');
    return null;
  }
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const notBuiltPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Wangge 网格 — web app not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>网格 Wangge</h1>
<p>The web app is not built yet. Run <code>npm run build</code> and reload this page.</p>
<p>网页应用尚未构建。请运行 <code>npm run build</code> 后刷新本页。</p>
<p>The API (<a href="/docs">/docs</a>) and tiles work without it.</p>
</body></html>
`;

export default web;

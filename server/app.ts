// The service as a Fastify plugin tree: cross-cutting plugins first, then the HTTP surface by resource.
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from './db/db.ts';
import dbPlugin from './plugins/db.plugin.ts';
import errorsPlugin from './plugins/errors.plugin.ts';
import docsPlugin from './plugins/docs.plugin.ts';
import healthz from './routes/healthz/index.ts';
import revisionsPlugin from './plugins/revisions.plugin.ts';
import tilesPlugin from './tiles/tiles.plugin.ts';
import tilesRoutes from './routes/tiles/index.ts';
import repositoriesPlugin from './plugins/repositories.plugin.ts';
import lookupRoutes from './routes/lookup/index.ts';
import gridRoutes from './routes/grids/index.ts';
import validateRoutes from './routes/validate/index.ts';
import planRoutes from './routes/plans/index.ts';
import partitionRoutes from './routes/partition/index.ts';
import searchRoutes from './routes/search/index.ts';
import webRoutes from './routes/web/index.ts';
import rateLimitPlugin from './plugins/rate-limit.plugin.ts';
import kioskRoutes from './routes/kiosk/index.ts';
import { loadConfig, type Config } from './config.ts';
import securityPlugin from './plugins/security.plugin.ts';
import authPlugin from './plugins/auth.plugin.ts';
import registryPlugin from './registry/registry.plugin.ts';
import authRoutes from './routes/auth/index.ts';
import userRoutes from './routes/users/index.ts';
import residentRoutes from './routes/residents/index.ts';
import ledgerRoutes from './routes/ledgers/index.ts';
import auditRoutes from './routes/audit/index.ts';
import { withRedaction } from './auth/log.redact.ts';
import eventsPlugin from './events/events.plugin.ts';
import eventRoutes from './routes/events/index.ts';
import open311Routes from './routes/open311/index.ts';
import ogcRoutes from './routes/ogc/index.ts';
import importRoutes from './routes/imports/index.ts';
import exportRoutes from './routes/exports/index.ts';
import cardRoutes from './routes/cards/index.ts';
import basemapRoutes from './routes/basemap/index.ts';
import { basemapOrigins } from './interop/basemap.style.ts';

export interface AppOptions {
  db: Db;
  /** a streaming replica for tiles, lookups and search; default: `db` */
  readDb?: Db;
  /** close the database when the app closes */
  ownsDb?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** the settings the app itself reads (rate limits, proxy, kiosk); default: the environment's */
  config?: Config;
}

export async function buildApp({ db, readDb, ownsDb = false, logger = false, config = loadConfig() }: AppOptions) {
  const app = Fastify({
    logger: withRedaction(logger),
    trustProxy: config.trustProxy,
    // Query strings arrive as text: coerce them to the schema's types (a repeated parameter stays an error).
    ajv: { customOptions: { coerceTypes: true, allErrors: false, removeAdditional: false } },
    bodyLimit: 10 * 1024 * 1024,
  });
  await app.register(errorsPlugin);
  await app.register(rateLimitPlugin, { perMinute: config.publicRateLimit });
  await app.register(securityPlugin, { mapOrigins: basemapOrigins(config.basemap) });
  await app.register(dbPlugin, { db, readDb, ownsDb });
  // before every route, so each route's access is settled as it is added
  await app.register(authPlugin, config.auth);
  await app.register(registryPlugin);
  await app.register(docsPlugin);
  await app.register(revisionsPlugin);
  await app.register(repositoriesPlugin);
  await app.register(healthz);
  await app.register(tilesPlugin);
  await app.register(tilesRoutes);
  await app.register(lookupRoutes);
  await app.register(gridRoutes);
  await app.register(validateRoutes);
  await app.register(planRoutes);
  await app.register(partitionRoutes);
  await app.register(searchRoutes);
  await app.register(kioskRoutes, config.kiosk);
  await app.register(authRoutes, { loginRateLimit: config.auth.loginRateLimit });
  await app.register(userRoutes);
  await app.register(residentRoutes);
  await app.register(ledgerRoutes);
  await app.register(auditRoutes);
  await app.register(eventsPlugin, config.events);
  await app.register(eventRoutes);
  await app.register(open311Routes);
  await app.register(ogcRoutes);
  await app.register(importRoutes, { maxBytes: config.interop.importMaxBytes });
  await app.register(exportRoutes);
  await app.register(cardRoutes);
  await app.register(basemapRoutes, { basemap: config.basemap });
  await app.register(webRoutes);
  return app;
}

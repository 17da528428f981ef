// Every setting is declared here once, with its default; README's configuration table mirrors this list.
import path from 'node:path';
import { readBasemapSetting, type BasemapConfig } from './interop/basemap.style.ts';

export interface Config {
  port: number;
  host: string;
  /** unset → embedded PGlite under dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  db: {
    /** a streaming replica for tiles, lookups and search; unset → everything reads the primary */
    readUrl: string | undefined;
    poolSize: number;
    connectTimeoutMs: number;
    /** 0 = no limit */
    statementTimeoutMs: number;
  };
  /** longest wait for in-flight requests on SIGTERM before the process exits anyway */
  shutdownTimeoutMs: number;
  /** seeded on first start when the database is empty; 'none' skips */
  demoPreset: string;
  logLevel: string;
  /** requests per minute per client address on each public lookup/search route; 0 = no limit */
  publicRateLimit: number;
  /** Fastify's trustProxy: false, true, or the addresses/CIDRs (comma-separated) whose X-Forwarded-For is believed */
  trustProxy: boolean | string;
  kiosk: {
    /** where the kiosk stands ("you are here"); null → the centre of the grids' extent */
    home: { lon: number; lat: number } | null;
    /** seconds without a touch before the kiosk returns to its home view */
    idleSeconds: number;
  };
  auth: {
    /** the first admin, created on a start that finds no admin; never a default */
    adminUser: string | undefined;
    adminPassword: string | undefined;
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    loginMaxFailures: number;
    loginLockMinutes: number;
    /** login attempts per minute per client address; 0 = no limit */
    loginRateLimit: number;
  };
  events: {
    /** where event photos are written; default DATA_DIR/photos */
    photoDir: string;
    /** largest photo accepted, bytes */
    photoMaxBytes: number;
    /** reports per minute per client address on POST /api/events and Open311 intake; 0 = no limit */
    reportRateLimit: number;
  };
  interop: {
    /** largest file an import accepts, bytes */
    importMaxBytes: number;
  };
  /** what the map draws under the grids */
  basemap: BasemapConfig;
}

export const settings = {
  PORT: { default: '3000', doc: 'HTTP port' },
  HOST: { default: '127.0.0.1', doc: 'listen address (0.0.0.0 in docker-compose)' },
  DATABASE_URL: { default: '', doc: 'PostgreSQL + PostGIS connection string; unset → embedded PGlite in DATA_DIR' },
  DATABASE_READ_URL: { default: '', doc: 'a streaming replica of DATABASE_URL for tiles, lookups and search (writes and LISTEN stay on the primary); unset → all on DATABASE_URL' },
  DB_POOL_SIZE: { default: '10', doc: 'connections per pool (primary, and replica when set) in each process' },
  DB_CONNECT_TIMEOUT_MS: { default: '2000', doc: 'wait for a database connection this long, then answer 503 (Retry-After) instead of hanging' },
  DB_STATEMENT_TIMEOUT_MS: { default: '30000', doc: 'statement_timeout of request queries (a timed-out one answers 503); 0 = none; migrations and seeding have none' },
  SHUTDOWN_TIMEOUT_MS: { default: '10000', doc: 'on SIGTERM/SIGINT: stop accepting, let in-flight requests finish this long at most, then exit' },
  DATA_DIR: { default: './data', doc: 'embedded database and uploads' },
  DEMO_PRESET: { default: 'kangle', doc: 'demo district seeded on first start into an empty database (kangle, maigaoqiao, city; none to skip)' },
  LOG_LEVEL: { default: 'info', doc: 'pino log level' },
  PUBLIC_RATE_LIMIT: { default: '600', doc: 'requests per minute per client address on each of /api/lookup, /api/lookup/batch, /api/search (this machine is exempt); 0 = no limit' },
  TRUST_PROXY: { default: 'false', doc: 'behind a reverse proxy: true, or the proxy addresses (comma-separated), so limits apply per client and not per proxy' },
  KIOSK_LON: { default: '', doc: 'longitude of the kiosk ("you are here"); with KIOSK_LAT; unset → centre of the grids' },
  KIOSK_LAT: { default: '', doc: 'latitude of the kiosk; with KIOSK_LON' },
  KIOSK_IDLE_SECONDS: { default: '90', doc: 'seconds without a touch before the kiosk returns to its home view (a kiosk URL may override with ?idle=)' },
  WANGGE_ADMIN_USER: { default: '', doc: 'user name of the first admin, created on a start that finds no admin in the database (no default: unset, nobody can log in until it is set)' },
  WANGGE_ADMIN_PASSWORD: { default: '', doc: 'password of that first admin (at least 10 characters, not a common one); read only while there is no admin' },
  SESSION_IDLE_MINUTES: { default: '120', doc: 'a login session unused this many minutes ends' },
  SESSION_MAX_HOURS: { default: '12', doc: 'a login session ends this many hours after login, used or not' },
  LOGIN_MAX_FAILURES: { default: '5', doc: 'failed logins for one user name that lock it' },
  LOGIN_LOCK_MINUTES: { default: '15', doc: 'how long such a lock lasts (and the window the failures are counted in)' },
  LOGIN_RATE_LIMIT: { default: '20', doc: 'login attempts per minute per client address (then 429); this machine is exempt; 0 = no limit' },
  EVENT_PHOTO_DIR: { default: '', doc: 'directory for event photos; unset → DATA_DIR/photos' },
  EVENT_PHOTO_MAX_MB: { default: '5', doc: 'largest event photo accepted, in MB (JPEG, PNG or WebP, checked by content)' },
  EVENT_REPORT_RATE_LIMIT: { default: '30', doc: 'event reports per minute per client address on POST /api/events and Open311 POST requests (then 429); this machine is exempt; 0 = no limit' },
  BASEMAP: { default: 'demo', doc: 'the map under the grids: demo (offline, from our own basemap layer), tianditu (天地图 vec_w + cva_w, needs TIANDITU_KEY), a MapLibre style URL, or the name of a .json style or a raster .pmtiles file in tiles/' },
  TIANDITU_KEY: { default: '', doc: 'key of a 天地图 browser-side application, for BASEMAP=tianditu (it is visible to every browser that loads the map)' },
  IMPORT_MAX_MB: { default: '100', doc: 'largest file accepted by the grid and building imports (GeoJSON, zipped Shapefile, CSV), in MB' },
} as const;

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof settings): string {
  const value = env[name];
  return value === undefined || value === '' ? settings[name].default : value;
}

export function loadConfig(env: Env = process.env): Config {
  const port = Number(read(env, 'PORT'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  return {
    port,
    host: read(env, 'HOST'),
    databaseUrl: read(env, 'DATABASE_URL') || undefined,
    dataDir: path.resolve(read(env, 'DATA_DIR')),
    db: {
      readUrl: read(env, 'DATABASE_READ_URL') || undefined,
      poolSize: wholeNumber(env, 'DB_POOL_SIZE', 1),
      connectTimeoutMs: wholeNumber(env, 'DB_CONNECT_TIMEOUT_MS', 1),
      statementTimeoutMs: wholeNumber(env, 'DB_STATEMENT_TIMEOUT_MS', 0),
    },
    shutdownTimeoutMs: wholeNumber(env, 'SHUTDOWN_TIMEOUT_MS', 0),
    demoPreset: read(env, 'DEMO_PRESET'),
    logLevel: read(env, 'LOG_LEVEL'),
    publicRateLimit: wholeNumber(env, 'PUBLIC_RATE_LIMIT', 0),
    trustProxy: parseTrustProxy(read(env, 'TRUST_PROXY')),
    kiosk: { home: kioskHome(env), idleSeconds: wholeNumber(env, 'KIOSK_IDLE_SECONDS', 5) },
    auth: {
      adminUser: read(env, 'WANGGE_ADMIN_USER') || undefined,
      adminPassword: read(env, 'WANGGE_ADMIN_PASSWORD') || undefined,
      sessionIdleMinutes: wholeNumber(env, 'SESSION_IDLE_MINUTES', 1),
      sessionMaxHours: wholeNumber(env, 'SESSION_MAX_HOURS', 1),
      loginMaxFailures: wholeNumber(env, 'LOGIN_MAX_FAILURES', 1),
      loginLockMinutes: wholeNumber(env, 'LOGIN_LOCK_MINUTES', 1),
      loginRateLimit: wholeNumber(env, 'LOGIN_RATE_LIMIT', 0),
    },
    events: {
      photoDir: path.resolve(read(env, 'EVENT_PHOTO_DIR') || path.join(read(env, 'DATA_DIR'), 'photos')),
      photoMaxBytes: wholeNumber(env, 'EVENT_PHOTO_MAX_MB', 1) * 1024 * 1024,
      reportRateLimit: wholeNumber(env, 'EVENT_REPORT_RATE_LIMIT', 0),
    },
    interop: { importMaxBytes: wholeNumber(env, 'IMPORT_MAX_MB', 1) * 1024 * 1024 },
    basemap: basemapSetting(env),
  };
}

function wholeNumber(env: Env, name: keyof typeof settings, min: number): number {
  const value = Number(read(env, name));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${env[name]}"`);
  return value;
}

function basemapSetting(env: Env): BasemapConfig {
  const reading = readBasemapSetting(read(env, 'BASEMAP'), read(env, 'TIANDITU_KEY'));
  if (!reading.valid) throw new Error(reading.reason);
  return reading.basemap;
}

function parseTrustProxy(value: string): boolean | string {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function kioskHome(env: Env): { lon: number; lat: number } | null {
  const lon = read(env, 'KIOSK_LON');
  const lat = read(env, 'KIOSK_LAT');
  if (lon === '' && lat === '') return null;
  const home = { lon: Number(lon), lat: Number(lat) };
  if (lon === '' || lat === '' || !(Math.abs(home.lon) <= 180) || !(Math.abs(home.lat) <= 90)) {
    throw new Error(`KIOSK_LON and KIOSK_LAT must both be set, to a longitude (−180…180) and a latitude (−90…90); got "${env.KIOSK_LON ?? ''}", "${env.KIOSK_LAT ?? ''}"`);
  }
  return home;
}

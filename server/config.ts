// Every setting is declared here once, with its default; README's configuration table mirrors this list.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** unset → embedded PGlite under dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  /** seeded on first start when the database is empty; 'none' skips */
  demoPreset: string;
  logLevel: string;
}

export const settings = {
  PORT: { default: '3000', doc: 'HTTP port' },
  HOST: { default: '127.0.0.1', doc: 'listen address (0.0.0.0 in docker-compose)' },
  DATABASE_URL: { default: '', doc: 'PostgreSQL + PostGIS connection string; unset → embedded PGlite in DATA_DIR' },
  DATA_DIR: { default: './data', doc: 'embedded database and uploads' },
  DEMO_PRESET: { default: 'kangle', doc: 'demo district seeded on first start into an empty database (kangle, maigaoqiao, city; none to skip)' },
  LOG_LEVEL: { default: 'info', doc: 'pino log level' },
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
    demoPreset: read(env, 'DEMO_PRESET'),
    logLevel: read(env, 'LOG_LEVEL'),
  };
}

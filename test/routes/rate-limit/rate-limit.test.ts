// The public routes answer 429 once a client address has used its requests of the minute: each route
// counts on its own, per address; this machine is exempt; behind a trusted proxy the forwarded client
// address counts; PUBLIC_RATE_LIMIT=0 turns limits off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Db } from '../../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../../helpers/db.ts';

const limit = 3;

describe('rate limits on the public routes', () => {
  let db: Db;
  let limited: FastifyInstance;
  let unlimited: FastifyInstance;
  let proxied: FastifyInstance;

  beforeAll(async () => {
    db = await openTestDb('pglite', 'empty');
    limited = await buildApp({ db, config: loadConfig({ PUBLIC_RATE_LIMIT: String(limit) }) });
    unlimited = await buildApp({ db, config: loadConfig({ PUBLIC_RATE_LIMIT: '0' }) });
    proxied = await buildApp({ db, config: loadConfig({ PUBLIC_RATE_LIMIT: String(limit), TRUST_PROXY: '127.0.0.1' }) });
    await Promise.all([limited.ready(), unlimited.ready(), proxied.ready()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([limited?.close(), unlimited?.close(), proxied?.close()]);
    await closeTestDbs();
  });

  const lookup = (from: string): InjectOptions => ({ url: '/api/lookup?lon=118.8&lat=32.1', remoteAddress: from });
  const search = (from: string): InjectOptions => ({ url: '/api/search?q=wjhy', remoteAddress: from });
  const batch = (from: string): InjectOptions => ({ method: 'POST', url: '/api/lookup/batch', payload: [{ id: 'a', lon: 118.8, lat: 32.1 }], remoteAddress: from });

  async function statuses(app: FastifyInstance, request: InjectOptions, times: number): Promise<number[]> {
    const codes: number[] = [];
    for (let i = 0; i < times; i++) codes.push((await app.inject(request)).statusCode);
    return codes;
  }

  it('answers 429 with the standard error shape and says when to retry', async () => {
    const answers = [];
    for (let i = 0; i < limit; i++) answers.push(await limited.inject(lookup('10.0.0.1')));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);

    const refused = await limited.inject(lookup('10.0.0.1'));
    expect(refused.statusCode).toBe(429);
    const body = refused.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const seconds = Number(/retry after (\d+) seconds/.exec(body.message)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(body.message).toContain(`at most ${limit} per minute`);
    expect(Number(refused.headers['retry-after'])).toBe(seconds);
  });

  it('counts each route and each client address on its own', async () => {
    expect(await statuses(limited, search('10.0.0.2'), limit + 1)).toEqual([200, 200, 200, 429]);
    expect(await statuses(limited, batch('10.0.0.2'), limit + 1)).toEqual([200, 200, 200, 429]);
    // 10.0.0.2 has used up search and batch but not lookup; 10.0.0.3 has used nothing
    expect(await statuses(limited, lookup('10.0.0.2'), 1)).toEqual([200]);
    expect(await statuses(limited, search('10.0.0.3'), 1)).toEqual([200]);
  });

  it('leaves other routes unlimited', async () => {
    expect(await statuses(limited, { url: '/healthz', remoteAddress: '10.0.0.4' }, limit + 2)).toEqual(Array(limit + 2).fill(200));
  });

  it('never limits this machine (tests, benchmarks, health checks)', async () => {
    expect(await statuses(limited, lookup('127.0.0.1'), limit + 2)).toEqual(Array(limit + 2).fill(200));
    expect(await statuses(limited, lookup('::1'), limit + 2)).toEqual(Array(limit + 2).fill(200));
  });

  it('behind a trusted proxy, limits each forwarded client and not the proxy', async () => {
    const viaProxy = (client: string): InjectOptions => ({ ...lookup('127.0.0.1'), headers: { 'x-forwarded-for': client } });
    expect(await statuses(proxied, viaProxy('192.0.2.7'), limit + 1)).toEqual([200, 200, 200, 429]);
    expect(await statuses(proxied, viaProxy('192.0.2.8'), 1)).toEqual([200]);
    // a client that is not the trusted proxy cannot choose its address by header
    const spoofing: InjectOptions = { ...lookup('10.0.0.9'), headers: { 'x-forwarded-for': '127.0.0.1' } };
    expect(await statuses(proxied, spoofing, limit + 1)).toEqual([200, 200, 200, 429]);
  });

  it('PUBLIC_RATE_LIMIT=0 turns the limits off', async () => {
    expect(await statuses(unlimited, lookup('10.0.0.1'), limit + 2)).toEqual(Array(limit + 2).fill(200));
  });

  it('reads its setting from the environment, 600 a minute by default', () => {
    expect(loadConfig({}).publicRateLimit).toBe(600);
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT: '-1' })).toThrow(/PUBLIC_RATE_LIMIT/);
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT: 'lots' })).toThrow(/PUBLIC_RATE_LIMIT/);
  });
});

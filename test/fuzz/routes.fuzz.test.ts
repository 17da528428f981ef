// 10,000 generated requests across every route, public and authenticated, as every role: no answer
// may be a 5xx, nothing may hang or crash, and /healthz still answers at the end. PGlite only (the
// slower backend, and the one with the more surprising failure modes).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/access.rule.ts';
import { useApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/auth.ts';
import { requestArbitrary, type FuzzRequest, type Who } from './request.arbitrary.ts';

const RUNS = Number(process.env.WANGGE_FUZZ_RUNS ?? 10_000);
const ROLES: Role[] = ['admin', 'planner', 'dispatcher', 'grid_worker'];

describe('fuzz: every route, random and malformed input', () => {
  const ctx = useApp('pglite', 'kangle');
  const auth = {} as Record<Who, Record<string, string>>;

  /** sessions the fuzz ended (logout, password change, a deleted or demoted account) are replaced */
  async function refreshSessions() {
    for (const role of ROLES) {
      const me = auth[role] && (await ctx.app.inject({ url: '/api/auth/me', headers: auth[role] }));
      if (!me || me.statusCode !== 200 || me.json().user.role !== role) auth[role] = { cookie: await loginAs(ctx, role) };
    }
  }

  beforeAll(async () => {
    auth.anonymous = {};
    auth['bogus-cookie'] = { cookie: `wangge_session=${'B'.repeat(43)}` };
    auth['bogus-bearer'] = { authorization: `Bearer wg_${'b'.repeat(43)}` };
    await refreshSessions();
  });

  it(`answers ${RUNS} generated requests without a 5xx`, async () => {
    // streams (SSE) never end by design; everything else is fair game
    const routes = ctx.app.auth.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !/stream/.test(r.url));
    expect(routes.length).toBeGreaterThan(30);
    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    let run = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes), async (request: FuzzRequest) => {
        if (++run % 250 === 0) await refreshSessions();
        const res = await Promise.race([
          ctx.app.inject({ method: request.method as 'GET', url: request.url, headers: { ...request.headers, ...auth[request.who] }, payload: request.payload }),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in 20 s: ${request.method} ${request.url}`)), 20_000)),
        ]);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        perRoute.set(request.route, (perRoute.get(request.route) ?? 0) + 1);
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${request.who} ${request.method} ${request.url} ${JSON.stringify(request.headers)} ${String(request.payload).slice(0, 300)}: ${res.body.slice(0, 300)}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.WANGGE_FUZZ_SEED ?? 20261122), endOnFailure: true },
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${run} requests in ${seconds.toFixed(0)} s over ${perRoute.size} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    // the mix reaches handlers, not only the validators: some answers succeed
    expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(RUNS / 20);
    expect(perRoute.size).toBe(routes.length);
    const health = await ctx.app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json().status).toBe('ok');
  }, 600_000);
});

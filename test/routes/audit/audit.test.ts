import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

for (const backend of backends) {
  describe(`GET /api/audit (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let admin: string;
    let worker: string;
    beforeAll(async () => {
      admin = await loginAs(ctx, 'admin');
      worker = await loginAs(ctx, 'grid_worker');
    });
    const get = (url: string, cookie = admin) => ctx.app.inject({ url, headers: { cookie } });

    it('shows who read which resident record, filtered by actor, action, entity, record and time', async () => {
      const items = (await get('/api/residents?limit=3', worker)).json().items;
      const one = items[0].id;
      await get(`/api/residents/${one}?reveal=true`, worker);
      const workerName = (await get('/api/auth/me', worker)).json().user.username;

      const reads = (await get(`/api/audit?actor=${workerName}&entity=resident`)).json();
      expect(reads.total).toBe(4);
      expect(reads.items[0]).toMatchObject({ actor: workerName, actor_role: 'grid_worker', action: 'read_full', entity: 'resident', entity_id: String(one), ip: '127.0.0.1' });
      expect(reads.items.map((i: { entity_id: string }) => Number(i.entity_id)).sort()).toEqual([...items.map((i: { id: number }) => i.id), one].sort());

      const full = (await get('/api/audit?action=read_full')).json();
      expect(full.items.every((i: { action: string }) => i.action === 'read_full')).toBe(true);
      expect((await get(`/api/audit?entity=resident&entity_id=${one}`)).json().total).toBe(2);
      const future = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString());
      expect((await get(`/api/audit?from=${future}`)).json().total).toBe(0);
      expect((await get(`/api/audit?to=${future}&limit=2`)).json().items).toHaveLength(2);
      const logins = (await get('/api/audit?action=login')).json();
      expect(logins.total).toBe(2);
    });

    it('is for admins only, and refuses malformed filters', async () => {
      expect((await get('/api/audit', worker)).statusCode).toBe(403);
      expect((await ctx.app.inject('/api/audit')).statusCode).toBe(401);
      for (const q of ['from=yesterday', 'to=2026-13-45', 'limit=0', 'limit=5000', 'nope=1', `actor=${'x'.repeat(65)}`]) expect((await get(`/api/audit?${q}`)).statusCode, q).toBe(400);
    });
  });
}

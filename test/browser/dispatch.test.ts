// The dispatch centre in Chromium at 1920×1080 against the real server: log in as a dispatcher, see a
// report posted through the API appear within 2 s (SSE), and drive it round the loop from the drawer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Map as MapLibreMap, GeoJSONSource } from 'maplibre-gl';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';

declare global {
  interface Window {
    __wanggeMap?: MapLibreMap;
  }
}

const screenshots = path.resolve(import.meta.dirname, '../screenshots');
const distIndex = path.resolve(import.meta.dirname, '../../dist/web/index.html');

describe('dispatch centre in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(distIndex)) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
    db = await openTestDb('pglite', 'kangle');
    app = await buildApp({ db });
    base = await listenLocally(app);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    fs.mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  const point = async () => {
    const { rows } = await db.query<{ lon: number; lat: number }>(
      `select ST_X(p) as lon, ST_Y(p) as lat from grid g, ST_PointOnSurface(g.geom) as p where g.valid_to is null and g.level = 2 and g.worker_id is not null order by g.code limit 1`);
    return { lon: Number(rows[0].lon), lat: Number(rows[0].lat) };
  };

  it('asks for a dispatcher login, then shows the events, the feed and grid statistics', async () => {
    const { username, password } = await createUser(db, 'dispatcher');
    await page.goto(`${base}/dispatch`);
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 }); // the app's login screen (/login?next=/dispatch)
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid^=event-row-]').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const map = window.__wanggeMap;
      return !!map?.getLayer('dispatch-event-clusters') && map.queryRenderedFeatures({ layers: ['dispatch-event-clusters', 'dispatch-event-points'] }).length > 0;
    }, undefined, { timeout: 30_000, polling: 250 });
    expect(await page.locator('[data-testid=dispatch-stats] tbody tr').count()).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(screenshots, 'dispatch-overview.png') });
  });

  it('shows a report posted through the API within 2 s, on the map and in the feed, without reload', async () => {
    await page.waitForSelector('.live.on', { timeout: 10_000 });
    const p = await point();
    const posted = Date.now();
    const res = await app.inject({ method: 'POST', url: '/api/events', payload: { category: '突发事件', subcategory: '井盖缺失', description: '人行道井盖缺失，有安全隐患', source: 'app', location: p, reporter: { phone: '13900002222' } } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as number;
    await page.getByTestId(`event-row-${id}`).waitFor({ timeout: 2000 });
    expect(Date.now() - posted).toBeLessThan(2000);
    const onMap = await page.evaluate(async (eventId) => {
      const data = (await (window.__wanggeMap!.getSource('dispatch-events') as GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
      return data.features.some((f) => f.properties?.id === eventId);
    }, id);
    expect(onMap).toBe(true);
    expect(await page.content()).not.toContain('13900002222');

    await page.getByTestId(`event-row-${id}`).click();
    await page.getByTestId('event-drawer').waitFor();
    await expect.poll(() => page.getByTestId('drawer-status').textContent()).toBe('上报');
    await page.waitForTimeout(600); // the map eases to the event
    await page.screenshot({ path: path.join(screenshots, 'dispatch-new-event.png') });

    const loop: Array<[string, string]> = [
      ['accepted', '立案'], ['dispatched', '派遣'], ['in_progress', '处置中'], ['resolved', '处置完毕'],
      ['feedback', '已反馈'], ['closed', '核查结案'], ['evaluated', '已评价'],
    ];
    for (const [to, label] of loop) {
      if (to === 'in_progress') await page.getByTestId('drawer-note').fill('网格员已到现场');
      await page.getByTestId(`action-${to}`).click();
      await expect.poll(() => page.getByTestId('drawer-status').textContent(), { timeout: 5000 }).toBe(label);
      await expect.poll(() => page.getByTestId(`event-status-${id}`).textContent(), { timeout: 5000 }).toBe(label);
      if (to === 'resolved') await page.screenshot({ path: path.join(screenshots, 'dispatch-drawer-resolved.png') });
    }
    const { rows } = await db.query<{ to_status: string; note: string | null }>('select to_status, note from event_log where event_id = $1 order by id', [id]);
    expect(rows.map((r) => r.to_status)).toEqual(['reported', ...loop.map((l) => l[0])]);
    expect(rows[3].note).toBe('网格员已到现场');
    expect(await page.locator('[data-testid=drawer-timeline] li').count()).toBe(8);
    await page.screenshot({ path: path.join(screenshots, 'dispatch-evaluated.png') });
  });

  it('switches to English and to the heatmap', async () => {
    await page.getByTestId('heatmap-toggle').check();
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.locator('.feed h2').textContent()).toContain('Live events');
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => window.__wanggeMap!.getLayoutProperty('dispatch-event-heat', 'visibility'))).toBe('visible');
    await page.screenshot({ path: path.join(screenshots, 'dispatch-heatmap.png') });
    expect(pageErrors).toEqual([]);
  });
});

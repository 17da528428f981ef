// The web app in a real browser against the real server: the map renders our grids from our tiles,
// a click opens the grid's panel, the pages load, and nothing is fetched from outside this machine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser, type TestUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';

declare global {
  interface Window {
    __wanggeMap?: MapLibreMap;
  }
}

const screenshots = path.resolve(import.meta.dirname, '../screenshots');
const distIndex = path.resolve(import.meta.dirname, '../../dist/web/index.html');

interface GridRow {
  id: number;
  code: string;
  name: string;
  level: number;
  lon: number;
  lat: number;
  worker: string | null;
}

/** Everything the page did that it should not have. */
interface Trouble {
  consoleErrors: string[];
  outside: string[];
  failed: string[];
}

describe('web app in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const trouble: Trouble = { consoleErrors: [], outside: [], failed: [] };
  const glyphResponses: Array<{ url: string; status: number }> = [];
  /** the editor and dispatch need an account: an admin may open both */
  let admin: TestUser;

  beforeAll(async () => {
    if (!fs.existsSync(distIndex)) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
    // the Kangle demo community (康乐社区): 1 community, 7 grids, 48 building groups, with workers
    db = await openTestDb('pglite', 'kangle');
    app = await buildApp({ db });
    admin = await createUser(db, 'admin');
    base = await listenLocally(app);
    browser = await launchChromium();
    fs.mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  async function openPage(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.hostname === '127.0.0.1') return route.continue();
      trouble.outside.push(route.request().url());
      return route.abort();
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') trouble.consoleErrors.push(`${url}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => trouble.consoleErrors.push(`${url}: ${err.message}`));
    page.on('requestfailed', (req) => trouble.failed.push(`${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => {
      if (res.url().includes('/basemap/glyphs/')) glyphResponses.push({ url: res.url(), status: res.status() });
      if (res.status() >= 400) trouble.failed.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(base + url);
    return page;
  }

  /** Waits until the map has drawn features of the layers and settled (tiles loaded, labels placed). */
  async function renderedIds(page: Page, ...layers: string[]): Promise<number[]> {
    await page.waitForFunction((ids) => {
      const map = window.__wanggeMap;
      // asking before the style has the layers would itself log an error
      return ids.every((id) => map?.getLayer(id)) && map!.queryRenderedFeatures({ layers: ids }).length > 0;
    }, layers, { timeout: 30_000, polling: 250 });
    await settle(page);
    return page.evaluate((ids) => [...new Set(window.__wanggeMap!.queryRenderedFeatures({ layers: ids }).map((f) => Number(f.id)))].sort((a, b) => a - b), layers);
  }

  const settle = (page: Page) =>
    page.evaluate(() => new Promise<void>((resolve) => {
      const map = window.__wanggeMap!;
      if (map.loaded() && !map.isMoving()) resolve();
      else map.once('idle', () => resolve());
    }));

  /** Where a lon/lat is on the screen, as MapLibre projects it. */
  async function screenPoint(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
    const point = await page.evaluate(([x, y]) => window.__wanggeMap!.project([x, y]), [lon, lat] as [number, number]);
    const box = (await page.getByTestId('map').boundingBox())!;
    return { x: box.x + point.x, y: box.y + point.y };
  }

  async function clickAt(page: Page, lon: number, lat: number): Promise<void> {
    const { x, y } = await screenPoint(page, lon, lat);
    await page.mouse.click(x, y);
  }

  async function moveTo(page: Page, lon: number, lat: number): Promise<void> {
    const { x, y } = await screenPoint(page, lon, lat);
    await page.mouse.move(x, y);
  }

  async function gridsAtLevel(level: number): Promise<GridRow[]> {
    const { rows } = await db.query<GridRow>(
      `select g.id::int as id, g.code, g.name, g.level, ST_X(p)::float8 as lon, ST_Y(p)::float8 as lat, s.name as worker
         from grid g cross join ST_PointOnSurface(g.geom) p left join staff s on s.id = g.worker_id
        where g.valid_to is null and g.level = $1 order by g.id`,
      [level],
    );
    return rows;
  }

  it('draws every grid and community of the current generation, with their labels', async () => {
    const page = await openPage('/');
    const grids = await gridsAtLevel(2);
    const communities = await gridsAtLevel(1);
    expect(grids.length).toBeGreaterThan(1);
    expect(await renderedIds(page, 'grid-fill')).toEqual(grids.map((g) => g.id));
    expect(await renderedIds(page, 'community-fill')).toEqual(communities.map((c) => c.id));
    const labels = await page.evaluate(() => window.__wanggeMap!.queryRenderedFeatures({ layers: ['grid-label'] }).map((f) => f.properties.name as string));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(grids.map((g) => g.name)).toContain(label);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('网格地图');
    // the data is a demo preset (its generation note says 示例数据), and the page says so
    expect(await page.getByTestId('demo-badge').textContent()).toBe('示例数据');
    await page.screenshot({ path: path.join(screenshots, 'map-zh.png') });
    await page.context().close();
  });

  it('highlights the grid under the pointer; a click opens its panel, at the level picked (网格, 社区, 楼组)', async () => {
    const page = await openPage('/');
    await renderedIds(page, 'grid-fill');
    const grid = (await gridsAtLevel(2)).find((g) => g.worker)!;
    expect(grid).toBeDefined();

    const hoverState = () => page.evaluate((id) => window.__wanggeMap!.getFeatureState({ source: 'grids', sourceLayer: 'grids', id }).hover, grid.id);
    await moveTo(page, grid.lon, grid.lat);
    await expect.poll(hoverState).toBe(true);
    await clickAt(page, grid.lon, grid.lat);
    await expect.poll(() => page.getByTestId('grid-code').textContent(), { timeout: 10_000 }).toBe(grid.code);
    expect(await page.getByTestId('grid-name').textContent()).toBe(grid.name);
    expect(await page.getByTestId('grid-level').textContent()).toBe('网格');
    expect(await page.getByTestId('worker-name').textContent()).toBe(grid.worker);
    const { rows: [counts] } = await db.query<{ households: number; population: number }>('select households, population from grid where id = $1 and valid_to is null', [grid.id]);
    expect(await page.getByTestId('grid-households').textContent()).toBe(`${counts.households.toLocaleString('en')} 户`);
    expect(await page.getByTestId('grid-population').textContent()).toBe(`${counts.population.toLocaleString('en')} 人`);
    expect(await page.getByTestId('grid-area').textContent()).toMatch(/^[\d,.]+ (平方米|平方公里)$/);
    const selectedState = () => page.evaluate((id) => window.__wanggeMap!.getFeatureState({ source: 'grids', sourceLayer: 'grids', id }).selected, grid.id);
    expect(await selectedState()).toBe(true);
    await settle(page);
    await page.screenshot({ path: path.join(screenshots, 'map-selected.png') });

    const community = (await gridsAtLevel(1))[0];
    await page.getByTestId('level-1').click();
    expect(await selectedState()).toBe(false);
    await clickAt(page, grid.lon, grid.lat);
    await expect.poll(() => page.getByTestId('grid-code').textContent(), { timeout: 10_000 }).toBe(community.code);
    expect(await page.getByTestId('grid-level').textContent()).toBe('社区');

    const buildingGroup = (await gridsAtLevel(3))[0];
    await page.getByTestId('level-3').click();
    await clickAt(page, buildingGroup.lon, buildingGroup.lat);
    await expect.poll(() => page.getByTestId('grid-code').textContent(), { timeout: 10_000 }).toBe(buildingGroup.code);
    expect(await page.getByTestId('grid-level').textContent()).toBe('楼组');
    await page.getByTestId('level-1').click();
    await clickAt(page, grid.lon, grid.lat);
    await expect.poll(() => page.getByTestId('grid-code').textContent(), { timeout: 10_000 }).toBe(community.code);

    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Grid map');
    expect(await page.getByTestId('grid-level').textContent()).toBe('Community');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('demo-badge').textContent()).toBe('Demo data');
    await settle(page);
    await page.screenshot({ path: path.join(screenshots, 'map-en.png') });
    await page.context().close();
  });

  it('shows buildings and their labels close up, with Latin digits from our glyph PBFs', async () => {
    const page = await openPage('/');
    await renderedIds(page, 'grid-fill');
    const { rows: [building] } = await db.query<{ lon: number; lat: number }>('select ST_X(geom)::float8 as lon, ST_Y(geom)::float8 as lat from building order by id limit 1');
    await page.evaluate(([lon, lat]) => window.__wanggeMap!.jumpTo({ center: [lon, lat], zoom: 17.6 }), [building.lon, building.lat] as [number, number]);
    expect((await renderedIds(page, 'building-point', 'building-footprint')).length).toBeGreaterThan(0);
    expect((await renderedIds(page, 'building-label')).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'map-buildings.png') });
    expect(glyphResponses.length).toBeGreaterThan(0);
    for (const response of glyphResponses) expect(response).toMatchObject({ status: 200 });
    await page.context().close();
  });

  it.each([
    ['/editor', '网格边界编辑'],
    ['/kiosk', '便民服务查询'],
    ['/dispatch', '指挥调度中心'],
  ])('%s shows the shared map under its own title', async (url, title) => {
    const page = await openPage(url);
    if (url !== '/kiosk') {
      // the editor and dispatch send a visitor to the login screen first, and back after it
      await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
      await page.fill('input[name=username]', admin.username);
      await page.fill('input[name=password]', admin.password);
      await page.click('button[type=submit]');
      await page.waitForURL(base + url, { timeout: 30_000 });
    }
    expect((await renderedIds(page, 'grid-fill')).length).toBeGreaterThan(0);
    expect(await page.getByTestId('page-title').textContent()).toBe(title);
    await page.screenshot({ path: path.join(screenshots, `page${url.replace('/', '-')}.png`) });
    await page.context().close();
  });

  it('fetched nothing from outside this machine and logged no errors', () => {
    expect(trouble.outside).toEqual([]);
    expect(trouble.consoleErrors).toEqual([]);
    expect(trouble.failed).toEqual([]);
  });
});

// The resident kiosk in Chromium with touch emulation, portrait 1080 × 1920 and landscape 1920 × 1080,
// against the real server on the Kangle demo database: it opens on the kiosk's own grid; a tap shows
// the grid under the finger (or says the place is outside every grid); search finds compounds by
// Chinese name, pinyin initials and with one wrong character; it resets itself when left alone; and
// nothing is fetched from anywhere but this machine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Map as MapLibreMap } from 'maplibre-gl';
import jsQR from 'jsqr';
import { pinyin } from 'pinyin-pro';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';

declare global {
  interface Window {
    __wanggeMap?: MapLibreMap;
  }
}

const screenshots = path.resolve(import.meta.dirname, '../screenshots');
const distDir = path.resolve(import.meta.dirname, '../../dist/web');

const portrait = { width: 1080, height: 1920 };
const landscape = { width: 1920, height: 1080 };
type Viewport = typeof portrait;

interface GridRow {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  lon: number;
  lat: number;
}

/** What the card must say for a point, straight from the database. */
interface Expected {
  grid: { id: number; code: string; name: string };
  community: string;
  worker: { name: string; phone: string; photo_url: string | null };
}

interface Trouble {
  consoleErrors: string[];
  outside: string[];
  failed: string[];
  /** worker photos the demo data names but no file exists for (the card then shows a silhouette) */
  missingPhotos: string[];
}

describe('resident kiosk in Chromium (touch)', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let level2: GridRow[];
  const trouble: Trouble = { consoleErrors: [], outside: [], failed: [], missingPhotos: [] };
  const tileRequests: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(distDir, 'index.html'))) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
    db = await openTestDb('pglite', 'kangle');
    app = await buildApp({ db });
    base = await listenLocally(app);
    browser = await launchChromium();
    fs.mkdirSync(screenshots, { recursive: true });
    level2 = await gridsAtLevel(2);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  async function openKiosk(query = '', viewport: Viewport = portrait): Promise<Page> {
    const context = await browser.newContext({ hasTouch: true, isMobile: false, viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const url = `/kiosk${query}`;
    await page.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.hostname === '127.0.0.1') return route.continue();
      trouble.outside.push(route.request().url());
      return route.abort();
    });
    page.on('console', async (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium logs a failed image load as an error; a missing photo is counted apart (below)
      const source = msg.location().url;
      if (source && (await isMissingPhoto(new URL(source).pathname))) return;
      trouble.consoleErrors.push(`${url}: ${msg.text()} (${source})`);
    });
    page.on('pageerror', (err) => trouble.consoleErrors.push(`${url}: ${err.message}`));
    page.on('requestfailed', (req) => {
      // a search or lookup that a newer one replaced is cancelled on purpose
      if (req.failure()?.errorText === 'net::ERR_ABORTED' && /\/api\/(search|lookup)\?/.test(req.url())) return;
      trouble.failed.push(`${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith('/tiles/')) tileRequests.push(req.url());
    });
    page.on('response', async (res) => {
      if (res.status() < 400) return;
      const pathname = new URL(res.url()).pathname;
      if (res.status() === 404 && (await isMissingPhoto(pathname))) trouble.missingPhotos.push(pathname);
      else trouble.failed.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(base + url);
    await expect.poll(() => page.getByTestId('card-origin').textContent(), { timeout: 30_000 }).toBeTruthy();
    await page.getByTestId('kiosk-card').and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 30_000 });
    await settle(page);
    return page;
  }

  async function isMissingPhoto(pathname: string): Promise<boolean> {
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from staff where photo_url = $1', [pathname]);
    return rows[0].n > 0 && !fs.existsSync(path.join(distDir, pathname));
  }

  /** Waits until the map has drawn the grids and stopped moving. */
  async function settle(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const map = window.__wanggeMap;
      return Boolean(map?.getLayer('kiosk-grid-outline') && map.queryRenderedFeatures({ layers: ['grid-fill'] }).length > 0);
    }, undefined, { timeout: 30_000, polling: 250 });
    await page.evaluate(() => new Promise<void>((resolve) => {
      const map = window.__wanggeMap!;
      if (map.loaded() && !map.isMoving()) resolve();
      else map.once('idle', () => resolve());
    }));
  }

  async function gridsAtLevel(level: number): Promise<GridRow[]> {
    const { rows } = await db.query<GridRow>(
      `select g.id::int as id, g.code, g.name, g.parent_id::int as parent_id, ST_X(p)::float8 as lon, ST_Y(p)::float8 as lat
         from grid g cross join ST_PointOnSurface(g.geom) p
        where g.valid_to is null and g.level = $1 order by g.id`,
      [level],
    );
    return rows;
  }

  /** The level-2 grid, its community and the worker of the deepest grid with one at the point. */
  async function expectedAt(lon: number, lat: number): Promise<Expected> {
    const { rows } = await db.query<{ id: number; code: string; name: string; level: number; worker: string | null; phone: string | null; photo_url: string | null }>(
      `select g.id::int as id, g.code, g.name, g.level, s.name as worker, s.public_phone as phone, s.photo_url
         from grid g left join staff s on s.id = g.worker_id
        where g.valid_to is null and ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) order by g.level`,
      [lon, lat],
    );
    const grid = rows.find((r) => r.level === 2);
    const worker = [...rows].reverse().find((r) => r.worker !== null);
    if (!grid || !worker) throw new Error(`no grid with a worker at ${lon},${lat}`);
    return { grid, community: rows.find((r) => r.level === 1)!.name, worker: { name: worker.worker!, phone: worker.phone!, photo_url: worker.photo_url } };
  }

  /** Where a lon/lat is on the screen, as MapLibre projects it. */
  async function screenPoint(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
    const point = await page.evaluate(([x, y]) => window.__wanggeMap!.project([x, y]), [lon, lat] as [number, number]);
    const box = (await page.getByTestId('map').boundingBox())!;
    return { x: box.x + point.x, y: box.y + point.y };
  }

  /** Taps the map at a lon/lat, first bringing it to the middle if it is near an edge or off screen. */
  async function tapAt(page: Page, lon: number, lat: number): Promise<void> {
    const box = (await page.getByTestId('map').boundingBox())!;
    let { x, y } = await screenPoint(page, lon, lat);
    const margin = 140; // clear of the hint, the zoom buttons and the scale
    if (x < box.x + margin || x > box.x + box.width - margin || y < box.y + margin || y > box.y + box.height - margin) {
      await page.evaluate(([cx, cy]) => window.__wanggeMap!.jumpTo({ center: [cx, cy] }), [lon, lat] as [number, number]);
      await settle(page);
      ({ x, y } = await screenPoint(page, lon, lat));
    }
    await page.touchscreen.tap(x, y);
  }

  /** Fingers moving together across the screen, through the browser's own touch input. */
  async function touchGesture(page: Page, fingers: Array<{ from: [number, number]; to: [number, number] }>): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    const at = (t: number) => fingers.map(({ from, to }, id) => ({ x: from[0] + (to[0] - from[0]) * t, y: from[1] + (to[1] - from[1]) * t, id }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    const steps = 12;
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await settle(page);
  }

  const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();
  const cardCode = (page: Page) => page.getByTestId('kiosk-card').and(page.locator('[aria-busy="false"]')).getByTestId('card-grid-code').textContent({ timeout: 10_000 }).catch(() => null);

  async function expectCard(page: Page, expected: Expected): Promise<void> {
    await expect.poll(() => cardCode(page), { timeout: 10_000 }).toBe(expected.grid.code);
    expect(await text(page, 'card-grid-name')).toBe(expected.grid.name);
    expect(await text(page, 'card-community')).toBe(expected.community);
    expect(await text(page, 'worker-name')).toBe(expected.worker.name);
    expect((await text(page, 'worker-phone'))?.replace(/\s/g, '')).toBe(expected.worker.phone);
    // the map outlines the same grid
    expect(await page.evaluate(() => window.__wanggeMap!.getFilter('kiosk-grid-outline'))).toEqual(['==', ['id'], expected.grid.id]);
  }

  /** The QR code as a phone camera sees it: the SVG drawn into pixels, read by an independent decoder. */
  async function scanQr(page: Page): Promise<string | null> {
    const image = await page.getByTestId('dial-qr').evaluate(async (svg) => {
      const size = 400;
      const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
      const img = new Image(size, size);
      await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = url; });
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0, size, size);
      URL.revokeObjectURL(url);
      return { size, data: Array.from(ctx.getImageData(0, 0, size, size).data) };
    });
    return jsQR(Uint8ClampedArray.from(image.data), image.size, image.size)?.data ?? null;
  }

  /** Every visible button is a finger-sized target, and nothing spills out of the screen. */
  async function checkLayout(page: Page, viewport: Viewport): Promise<void> {
    const small = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.kiosk button')]
      .map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(({ b, r }) => r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden')
      .filter(({ r }) => r.width < 48 || r.height < 48)
      .map(({ b, r }) => `${b.dataset.testid ?? b.className ?? b.textContent}: ${Math.round(r.width)}×${Math.round(r.height)}`));
    expect(small).toEqual([]);
    const overflow = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
    expect(overflow).toEqual(viewport);
    // texts are not cut off sideways
    const clipped = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.kiosk button, .kiosk dd, .kiosk h1, .kiosk h2, .kiosk p')]
      .filter((e) => e.offsetWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).textOverflow !== 'ellipsis')
      .map((e) => e.dataset.testid ?? e.textContent));
    expect(clipped).toEqual([]);
    // the QR code is whole on screen, not scrolled away
    const qr = page.getByTestId('dial-qr');
    if ((await qr.count()) > 0) {
      const box = (await qr.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    }
    // the worker's phone reads as one line
    const phone = page.getByTestId('worker-phone');
    if ((await phone.count()) > 0) {
      const lines = await phone.evaluate((e) => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
      expect(lines).toBeLessThan(1.5);
    }
  }

  it('opens on the grid where the kiosk stands, marked 您在这里, with touch-only gestures', async () => {
    // a building group's inner point as the kiosk's place, given in the URL
    const group = (await gridsAtLevel(3))[0];
    const expected = await expectedAt(group.lon, group.lat);
    const page = await openKiosk(`?lon=${group.lon}&lat=${group.lat}&zoom=16.5`);
    await expectCard(page, expected);
    expect(await text(page, 'card-origin')).toBe('您在这里 · 所在网格');
    expect(await text(page, 'card-building-group')).toBe(group.name);
    expect(await page.evaluate(() => window.__wanggeMap!.getFilter('kiosk-building-group-fill'))).toEqual(['==', ['id'], group.id]);
    expect(await page.evaluate(() => window.__wanggeMap!.getZoom())).toBeCloseTo(16.5, 5);
    // the marker stands on the kiosk's place
    const marker = (await page.getByTestId('you-are-here').boundingBox())!;
    const here = await screenPoint(page, group.lon, group.lat);
    expect(Math.abs(marker.x + marker.width / 2 - here.x)).toBeLessThan(2);
    expect(Math.abs(marker.y + marker.height / 2 - here.y)).toBeLessThan(2);
    expect(await page.getByTestId('you-are-here').textContent()).toBe('您在这里');
    // the QR code dials the worker
    expect(await scanQr(page)).toBe(`tel:${expected.worker.phone}`);
    // the photo, or the silhouette when there is none or its file is missing
    const photoExists = expected.worker.photo_url !== null && fs.existsSync(path.join(distDir, expected.worker.photo_url));
    await expect.poll(() => page.getByTestId(photoExists ? 'worker-photo' : 'worker-silhouette').count()).toBe(1);

    // pan and pinch; never rotate or tilt; no text selection, no context menu
    const gestures = await page.evaluate(() => {
      const map = window.__wanggeMap!;
      const kiosk = document.querySelector<HTMLElement>('[data-testid="kiosk"]')!;
      const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      map.getCanvas().dispatchEvent(menu);
      return {
        dragPan: map.dragPan.isEnabled(), pinch: map.touchZoomRotate.isEnabled(), dragRotate: map.dragRotate.isEnabled(),
        touchPitch: map.touchPitch.isEnabled(), maxPitch: map.getMaxPitch(), userSelect: getComputedStyle(kiosk).userSelect,
        contextMenuBlocked: menu.defaultPrevented,
      };
    });
    expect(gestures).toEqual({ dragPan: true, pinch: true, dragRotate: false, touchPitch: false, maxPitch: 0, userSelect: 'none', contextMenuBlocked: true });

    await checkLayout(page, portrait);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-portrait-home.png') });

    // real fingers: a two-finger spread that also twists zooms in without rotating or tilting the map;
    // one finger drags it
    const camera = () => page.evaluate(() => {
      const map = window.__wanggeMap!;
      return { zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch(), center: map.getCenter().toArray() };
    });
    const before = await camera();
    const box = (await page.getByTestId('map').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await touchGesture(page, [
      { from: [cx - 60, cy - 20], to: [cx - 220, cy + 90] },
      { from: [cx + 60, cy + 20], to: [cx + 220, cy - 90] },
    ]);
    const pinched = await camera();
    expect(pinched.zoom - before.zoom).toBeGreaterThan(0.5);
    expect(pinched.bearing).toBe(0);
    expect(pinched.pitch).toBe(0);
    await touchGesture(page, [{ from: [cx, cy], to: [cx + 200, cy + 150] }]);
    const dragged = await camera();
    expect(dragged.center).not.toEqual(pinched.center);
    expect(dragged.zoom).toBeCloseTo(pinched.zoom, 6);
    expect(dragged.bearing).toBe(0);
    await page.context().close();
  });

  it('without a place in the URL or the settings, starts at the middle of the grids', async () => {
    const tilejson = (await (await fetch(`${base}/tiles/grids.json`)).json()) as { bounds: [number, number, number, number] };
    const [west, south, east, north] = tilejson.bounds;
    const expected = await expectedAt((west + east) / 2, (south + north) / 2);
    const page = await openKiosk('', landscape);
    await expectCard(page, expected);
    expect(await text(page, 'card-origin')).toBe('您在这里 · 所在网格');
    await checkLayout(page, landscape);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-landscape-home.png') });
    await page.context().close();
  });

  it('a tap inside a grid shows that grid and its worker; outside every grid, a friendly message', async () => {
    const page = await openKiosk();
    const home = await cardCode(page);
    const others = level2.filter((g) => g.code !== home).slice(0, 3);
    expect(others.length).toBeGreaterThan(1);
    for (const grid of others) {
      const expected = await expectedAt(grid.lon, grid.lat);
      expect(expected.grid.id).toBe(grid.id);
      await tapAt(page, grid.lon, grid.lat);
      await expectCard(page, expected);
      expect(await text(page, 'card-origin')).toBe('您点选的位置');
      expect(await scanQr(page)).toBe(`tel:${expected.worker.phone}`);
      await expect.poll(() => page.getByTestId('picked-place').count()).toBe(1);
    }
    await settle(page);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-portrait-tap.png') });

    const { rows: [extent] } = await db.query<{ west: number; east: number; south: number; north: number }>(
      'select ST_XMin(e) as west, ST_XMax(e) as east, ST_YMin(e) as south, ST_YMax(e) as north from (select ST_Extent(geom) as e from grid where valid_to is null) s',
    );
    const outside = { lon: extent.west - 0.15 * (extent.east - extent.west), lat: (extent.south + extent.north) / 2 };
    await tapAt(page, outside.lon, outside.lat);
    await expect.poll(() => page.getByTestId('card-outside').textContent({ timeout: 10_000 }).catch(() => null), { timeout: 10_000 }).toContain('此处不在本街道网格范围内');
    expect(await page.evaluate(() => window.__wanggeMap!.getFilter('kiosk-grid-outline'))).toEqual(['==', ['id'], -1]);
    await checkLayout(page, portrait);
    await settle(page);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-portrait-outside.png') });
    await page.context().close();
  });

  it('finds a compound by Chinese name, pinyin initials and with one wrong character, and shows its grid', async () => {
    const { rows: [compound] } = await db.query<{ id: number; name: string; lon: number; lat: number }>(
      `select id::int as id, name, ST_X(p)::float8 as lon, ST_Y(p)::float8 as lat
         from compound cross join ST_PointOnSurface(geom) p where kind = 'residential' and char_length(name) >= 4 order by id limit 1`,
    );
    const expected = await expectedAt(compound.lon, compound.lat);
    const initials = pinyin(compound.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
    expect(initials).toMatch(/^[a-z]{4,}$/);
    const chars = [...compound.name];
    const wrong = [...chars.slice(0, 1), chars[1] === '一' ? '二' : '一', ...chars.slice(2)].join('');

    const page = await openKiosk('', landscape);
    const searches: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/search') searches.push(url.searchParams.get('q')!);
    });

    /** the results on screen answer this query (not an earlier one typed on the way) */
    const answered = (q: string) => page.locator(`[data-testid="search-results"][data-query="${q}"]`).waitFor({ timeout: 10_000 });

    // landscape first, then portrait, where closing the keyboard also resizes the map under the flight
    for (const how of ['initials', 'chinese', 'wrong'] as const) {
      const viewport = how === 'initials' ? landscape : portrait;
      await page.setViewportSize(viewport);
      await settle(page);
      await page.getByTestId('search-input').tap();
      await page.getByTestId('touch-keyboard').waitFor();
      await page.getByTestId('key-clear').tap();
      if (how === 'initials') {
        // typed on the on-screen keyboard; one request once the typing pauses
        const before = searches.length;
        const started = Date.now();
        for (const letter of initials) await page.getByTestId(`key-${letter}`).tap();
        const typingMs = Date.now() - started;
        expect(await page.getByTestId('search-input').inputValue()).toBe(initials);
        await answered(initials);
        expect(searches.at(-1)).toBe(initials);
        if (typingMs < 200) expect(searches.slice(before)).toEqual([initials]);
        else expect(searches.length - before).toBeLessThanOrEqual(initials.length);
        await checkLayout(page, viewport);
        await page.screenshot({ path: path.join(screenshots, 'kiosk-landscape-search.png') });
      } else {
        // Chinese comes from a hardware keyboard or IME here; residents use pinyin on screen
        const query = how === 'chinese' ? compound.name : wrong;
        await page.getByTestId('search-input').fill(query);
        await answered(query);
      }
      const first = page.getByTestId('search-results').locator('li').first();
      expect(await first.textContent()).toContain(compound.name);
      await page.getByTestId(`result-compound-${compound.id}`).tap();
      await expectCard(page, expected);
      expect(await text(page, 'card-origin')).toBe(`小区：${compound.name}`);
      expect(await page.getByTestId('touch-keyboard').count()).toBe(0);
      // flown to the compound
      await settle(page);
      const center = await page.evaluate(() => window.__wanggeMap!.getCenter().toArray());
      expect(center[0]).toBeCloseTo(compound.lon, 4);
      expect(center[1]).toBeCloseTo(compound.lat, 4);
      await page.getByTestId('kiosk-home').tap();
      await expect.poll(() => text(page, 'card-origin')).toBe('您在这里 · 所在网格');
    }
    await page.context().close();
  });

  it('English, large text and high contrast change the whole screen', async () => {
    const page = await openKiosk('', landscape);
    await page.getByTestId('kiosk-locale').tap();
    await page.getByTestId('kiosk-large-text').tap();
    await page.getByTestId('kiosk-contrast').tap();
    await expect.poll(() => text(page, 'page-title')).toBe('Resident service kiosk');
    expect(await text(page, 'card-origin')).toBe('You are here · your grid');
    expect(await page.getByTestId('you-are-here').textContent()).toBe('You are here');
    const style = await page.evaluate(() => {
      const kiosk = document.querySelector<HTMLElement>('[data-testid="kiosk"]')!;
      const map = window.__wanggeMap!;
      return {
        lang: document.documentElement.lang, fontSize: getComputedStyle(kiosk).fontSize, background: getComputedStyle(kiosk.querySelector('.kiosk-panel')!).backgroundColor,
        gridOutline: map.getPaintProperty('grid-outline', 'line-color'), highlight: map.getPaintProperty('kiosk-grid-outline', 'line-width'),
      };
    });
    expect(style).toEqual({ lang: 'en', fontSize: '31px', background: 'rgb(0, 0, 0)', gridOutline: '#000000', highlight: 9 });
    await settle(page);
    await checkLayout(page, landscape);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-landscape-contrast-en.png') });

    await page.setViewportSize(portrait);
    await settle(page);
    await checkLayout(page, portrait);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-portrait-contrast-en.png') });

    // and back: the shared style's own outline returns
    await page.getByTestId('kiosk-contrast').tap();
    expect(await page.evaluate(() => window.__wanggeMap!.getPaintProperty('grid-outline', 'line-color'))).toBe('#4a4a4a');
    await page.getByTestId('search-input').tap();
    await page.getByTestId('touch-keyboard').waitFor();
    await checkLayout(page, portrait);
    await page.screenshot({ path: path.join(screenshots, 'kiosk-portrait-keyboard-large.png') });
    await page.context().close();
  });

  it('goes back to its start when nobody touches it (?idle=3)', async () => {
    const page = await openKiosk('?idle=3');
    const home = await cardCode(page);
    const homeCenter = await page.evaluate(() => window.__wanggeMap!.getCenter().toArray());
    const other = level2.find((g) => g.code !== home)!;
    await tapAt(page, other.lon, other.lat);
    await expect.poll(() => cardCode(page)).toBe(other.code);
    await page.getByTestId('kiosk-locale').tap();
    await page.getByTestId('kiosk-large-text').tap();
    await page.getByTestId('search-input').tap();
    for (const letter of 'ab') await page.getByTestId(`key-${letter}`).tap();
    const lastTouch = Date.now();
    // not yet: a resident reading the screen is left alone
    await page.waitForTimeout(1500);
    expect(await text(page, 'page-title')).toBe('Resident service kiosk');
    expect(await page.getByTestId('search-input').inputValue()).toBe('ab');

    await expect.poll(() => text(page, 'page-title'), { timeout: 10_000 }).toBe('便民服务查询');
    expect(Date.now() - lastTouch).toBeGreaterThanOrEqual(3000);
    await expect.poll(() => cardCode(page)).toBe(home);
    expect(await text(page, 'card-origin')).toBe('您在这里 · 所在网格');
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
    expect(await page.getByTestId('touch-keyboard').count()).toBe(0);
    expect(await page.getByTestId('kiosk').getAttribute('class')).toBe('kiosk');
    expect(await page.getByTestId('picked-place').count()).toBe(0);
    await settle(page);
    const center = await page.evaluate(() => window.__wanggeMap!.getCenter().toArray());
    expect(center[0]).toBeCloseTo(homeCenter[0], 6);
    expect(center[1]).toBeCloseTo(homeCenter[1], 6);
    await page.context().close();
  });

  it('fetched nothing from outside this machine and logged no errors', () => {
    expect(tileRequests.length).toBeGreaterThan(0); // the map's tiles came through the guard, from here
    expect(trouble.outside).toEqual([]);
    expect(trouble.consoleErrors).toEqual([]);
    expect(trouble.failed).toEqual([]);
  });
});

// What the editor's browser tests (and its benchmark) ask of the page: logging in, where a lon/lat is on
// screen, and reading the editing session (window.__wanggeEditor, declared by web/editor/editor.map.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser, type TestUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import type { PlanGrid } from '../../web/editor/plan.api.ts';

export const screenshots = path.resolve(import.meta.dirname, '../screenshots');
const distIndex = path.resolve(import.meta.dirname, '../../dist/web/index.html');

declare global {
  interface Window {
    __wanggeMap?: MapLibreMap;
    __editorFrames?: number[];
    __editorDragWork?: number[];
  }
}

/** logs the context in through the API (the login page has its own test); cookies stay in the context */
export async function logIn(context: BrowserContext, base: string, username: string, password: string): Promise<void> {
  const res = await context.request.post(`${base}/api/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
}

/** waits until the plan's grids are on the map and no save is under way */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const s = window.__wanggeEditor?.store;
    const map = window.__wanggeMap;
    return !!s && !!map && !s.loading && s.saving === 0 && s.gridList.length > 0 && map.loaded() && !!map.getSource('plan-grids');
  }, undefined, { timeout: 60_000, polling: 100 });
}

export const planGrids = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__wanggeEditor!.store.gridList)) as PlanGrid[]);
export const issues = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__wanggeEditor!.store.issues)) as Array<{ type: string; severity: string; area_m2: number; grids: Array<string | number> }>);
export const errorsOf = async (page: Page) => (await issues(page)).filter((i) => i.severity === 'error');

/** page coordinates (for page.mouse) of a lon/lat */
export async function screenPoint(page: Page, p: Position2): Promise<{ x: number; y: number }> {
  const local = await page.evaluate(([lon, lat]) => window.__wanggeMap!.project([lon, lat]), p);
  const box = (await page.getByTestId('map').boundingBox())!;
  return { x: box.x + local.x, y: box.y + local.y };
}

export async function fitTo(page: Page, bbox: [number, number, number, number], padding = 120): Promise<void> {
  await page.evaluate(({ bbox, padding }) => window.__wanggeMap!.fitBounds(bbox, { padding, animate: false }), { bbox, padding });
  await page.waitForFunction(() => window.__wanggeMap!.loaded(), undefined, { timeout: 20_000 });
  await page.waitForTimeout(200);
}

/** a pointer drag in small steps, as a hand does it (terra-draw and MapLibre see every move) */
export async function dragFrom(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  await page.mouse.up();
}

export const ringsOf = (g: PlanGrid): Position2[][][] => (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as Position2[][][];

export function bboxOf(g: PlanGrid): [number, number, number, number] {
  const points = ringsOf(g).flatMap((p) => p[0]);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** vertices shared by exactly the two given level's grids and no other loaded grid (an inner edge, off the parent's boundary) */
export function twoGridVertices(grids: readonly PlanGrid[], level: number): Array<{ at: Position2; ids: [number, number] }> {
  const owners = new Map<string, Set<number>>();
  for (const g of grids)
    for (const polygon of ringsOf(g))
      for (const ring of polygon)
        for (const p of ring.slice(0, -1)) {
          const key = `${p[0]},${p[1]}`;
          owners.set(key, (owners.get(key) ?? new Set()).add(g.id));
        }
  const levelOf = new Map(grids.map((g) => [g.id, g.properties.level]));
  const found: Array<{ at: Position2; ids: [number, number] }> = [];
  for (const [key, ids] of owners) {
    const list = [...ids];
    if (list.length === 2 && list.every((id) => levelOf.get(id) === level)) found.push({ at: key.split(',').map(Number) as Position2, ids: list as [number, number] });
  }
  return found;
}

/** From the editor's plan picker: a new plan (for the first community offered), opened; returns its id. */
export async function openNewPlan(page: Page, base: string, name: string): Promise<number> {
  await page.goto(`${base}/editor`);
  await page.getByTestId('plan-picker').waitFor({ timeout: 30_000 });
  await page.fill('input[name=plan-name]', name);
  await page.getByTestId('plan-create').click();
  await page.waitForURL(/\/editor\/plans\/\d+/);
  await settled(page);
  return Number(/plans\/(\d+)/.exec(page.url())![1]);
}

export interface EditorSession {
  db: Db;
  app: FastifyInstance;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  base: string;
  planner: TestUser;
  /** uncaught errors of the page */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A kangle server, Chromium, and a planner logged in on a zh-CN page (the editor tests' common start). */
export async function startEditorSession(): Promise<EditorSession> {
  if (!fs.existsSync(distIndex)) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
  const db = await openTestDb('pglite', 'kangle');
  const app = await buildApp({ db });
  const base = await listenLocally(app);
  const browser = await launchChromium();
  const planner = await createUser(db, 'planner');
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  await logIn(context, base, planner.username, planner.password);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  fs.mkdirSync(screenshots, { recursive: true });
  return {
    db, app, browser, context, page, base, planner, pageErrors,
    async close() {
      await browser.close();
      await app.close();
      await closeTestDbs();
    },
  };
}

// The planner's grid editor in Chromium against the real server (kangle demo): open a community plan,
// draw a grid (clipped by the server), drag a vertex shared by two grids (both move, one undo step), split
// and merge, make a gap on purpose and see publishing refused until the fix, publish and look up both
// generations; two planners editing one grid meet the conflict dialog. Screenshots of each step.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { findSharedVertex, samePosition } from '../../server/geometry/topology.shared-vertex.ts';
import { interiorPoint } from '../../server/geometry/interior.point.ts';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser, type TestUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';
import { bboxOf, dragFrom, errorsOf, fitTo, issues, logIn, planGrids, ringsOf, screenPoint, settled, twoGridVertices } from './editor.helper.ts';

const screenshots = path.resolve(import.meta.dirname, '../screenshots');
const distIndex = path.resolve(import.meta.dirname, '../../dist/web/index.html');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `editor-${name}.png`) });

describe('grid editor in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let planner: TestUser;
  let planId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(distIndex)) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
    db = await openTestDb('pglite', 'kangle');
    app = await buildApp({ db });
    base = await listenLocally(app);
    browser = await launchChromium();
    planner = await createUser(db, 'planner');
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    await logIn(context, base, planner.username, planner.password);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
    fs.mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  it('opens a new plan for the community and shows its grids, clean', async () => {
    await page.goto(`${base}/editor`);
    await page.getByTestId('plan-picker').waitFor({ timeout: 30_000 });
    await page.fill('input[name=plan-name]', '康乐社区网格调整');
    await page.getByTestId('plan-create').click();
    await page.waitForURL(/\/editor\/plans\/\d+/);
    planId = Number(/plans\/(\d+)/.exec(page.url())![1]);
    await settled(page);
    await page.getByTestId('edit-level-3').click();
    await page.waitForTimeout(800);
    expect((await planGrids(page)).filter((g) => g.properties.level === 3).length).toBeGreaterThan(20);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'open');
  });

  it('draws a grid inside its parent: the server clips it to the hole a deleted grid left, and validation is clean', async () => {
    const before = await planGrids(page);
    const leaves = before.filter((g) => g.properties.level === 3).sort((a, b) => a.properties.area_m2 - b.properties.area_m2);
    const doomed = leaves[Math.floor(leaves.length / 2)];
    const [x0, y0, x1, y1] = bboxOf(doomed);
    await fitTo(page, [x0, y0, x1, y1], 220);
    const inside = interiorPoint(ringsOf(doomed))!;
    await page.mouse.click(...(Object.values(await screenPoint(page, inside)) as [number, number]));
    await expect.poll(() => page.evaluate(() => window.__wanggeEditor!.store.selected)).toEqual([doomed.id]);
    await page.keyboard.press('Delete');
    await settled(page);
    const gap = (await errorsOf(page)).find((i) => i.type === 'gap');
    expect(gap?.area_m2).toBeCloseTo(doomed.properties.area_m2, -1);
    await page.getByTestId('side-tab-issues').click();
    await page.getByTestId('issue-gap').first().waitFor();
    await shot(page, 'deleted-gap');

    // a rectangle 15 % larger than the hole on every side: the server keeps only the hole
    const dx = (x1 - x0) * 0.15;
    const dy = (y1 - y0) * 0.15;
    const corners: Position2[] = [[x0 - dx, y0 - dy], [x1 + dx, y0 - dy], [x1 + dx, y1 + dy], [x0 - dx, y1 + dy]];
    await page.keyboard.press('d');
    for (const corner of [...corners, corners[0]]) {
      const p = await screenPoint(page, corner);
      await page.mouse.click(p.x, p.y);
      await page.waitForTimeout(150);
    }
    await expect.poll(async () => (await planGrids(page)).length, { timeout: 15_000 }).toBe(before.length);
    await settled(page);
    const after = await planGrids(page);
    const drawn = after.find((g) => !before.some((b) => b.id === g.id))!;
    expect(drawn.properties.parent_id).toBe(doomed.properties.parent_id);
    expect(drawn.properties.area_m2).toBeGreaterThan(doomed.properties.area_m2 * 0.98);
    expect(drawn.properties.area_m2).toBeLessThan(doomed.properties.area_m2 * 1.02);
    expect(drawn.properties.households).toBe(doomed.properties.households);
    expect((await errorsOf(page)).filter((i) => ['gap', 'overlap'].includes(i.type))).toEqual([]);
    const saved = await context.request.get(`${base}/api/plans/${planId}/grids/${drawn.id}`);
    expect(saved.status()).toBe(200);
    const server = await (await context.request.get(`${base}/api/plans/${planId}/validate`)).json();
    expect(server.issues.filter((i: { type: string; severity: string }) => i.severity === 'error' && ['gap', 'overlap'].includes(i.type))).toEqual([]);
    await shot(page, 'drawn');
  });

  it('drags a vertex shared by two grids: both change, the edge stays shared, validation stays clean; one undo restores both', async () => {
    const before = await planGrids(page);
    const candidates = twoGridVertices(before, 3);
    expect(candidates.length).toBeGreaterThan(0);
    const { at, ids } = candidates[0];
    const [a] = before.filter((g) => g.id === ids[0]);
    await fitTo(page, bboxOf(a), 200);
    await page.mouse.click(...(Object.values(await screenPoint(page, interiorPoint(ringsOf(a))!)) as [number, number]));
    await expect.poll(() => page.evaluate(() => window.__wanggeEditor!.store.selected)).toEqual([a.id]);
    await page.waitForTimeout(300);
    const from = await screenPoint(page, at);
    await shot(page, 'shared-vertex-selected');
    await dragFrom(page, from, { x: from.x + 18, y: from.y - 14 });
    await settled(page);
    const after = await planGrids(page);
    const movedTo = findSharedVertex(after.map((g) => ({ id: g.id, geometry: g.geometry })), at);
    expect(movedTo).toEqual([]); // nobody keeps the old position
    const changed = after.filter((g) => JSON.stringify(g.geometry) !== JSON.stringify(before.find((b) => b.id === g.id)?.geometry));
    expect(changed.map((g) => g.id).sort()).toEqual([...ids].sort());
    const newAt = ringsOf(changed[0]).flatMap((p) => p.flat()).find((p) => !ringsOf(before.find((b) => b.id === changed[0].id)!).flatMap((q) => q.flat()).some((q) => samePosition(p, q)))!;
    expect(findSharedVertex(changed.map((g) => ({ id: g.id, geometry: g.geometry })), newAt).map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(changed.every((g) => g.properties.version === before.find((b) => b.id === g.id)!.properties.version + 1)).toBe(true);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'shared-vertex-dragged');

    await page.keyboard.press('Control+z');
    await settled(page);
    const undone = await planGrids(page);
    for (const id of ids) expect(undone.find((g) => g.id === id)!.geometry).toEqual(before.find((g) => g.id === id)!.geometry);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'shared-vertex-undone');
  });
});
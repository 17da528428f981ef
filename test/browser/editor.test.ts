// The planner's grid editor in Chromium against the real server (kangle demo): open a community plan,
// draw a grid (clipped by the server), drag a vertex shared by two grids (both move, one undo step), split
// and merge, make a gap on purpose and see publishing refused until the fix, publish and look up both
// generations; two planners editing one grid meet the conflict dialog. Screenshots of each step.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/db/db.ts';
import { findSharedVertex, samePosition } from '../../server/geometry/topology.shared-vertex.ts';
import { interiorPoint } from '../../server/geometry/interior.point.ts';
import { polygonsCover } from '../../server/geometry/point.contains.ts';
import type { Position2 } from '../../server/geometry/coverage.types.ts';
import { createUser, type TestUser } from '../helpers/auth.ts';
import { bboxOf, dragFrom, openNewPlan, errorsOf, fitTo, issues, logIn, planGrids, ringsOf, screenPoint, settled, twoGridVertices, screenshots, startEditorSession, type EditorSession } from './editor.helper.ts';

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
  /** the grid the draw test deleted and the one it drew in its place: lookups tell the generations apart by them */
  let doomedId: number;
  let drawnGrid: { id: number; inside: Position2 };
  let pageErrors: string[];
  let session: EditorSession;

  beforeAll(async () => {
    session = await startEditorSession();
    ({ db, app, browser, context, page, base, planner, pageErrors } = session);
    page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  });

  afterAll(() => session?.close());

  it('opens a new plan for the community and shows its grids, clean', async () => {
    planId = await openNewPlan(page, base, '康乐社区网格调整');
    await page.getByTestId('edit-level-3').click();
    await page.waitForTimeout(800);
    expect((await planGrids(page)).filter((g) => g.properties.level === 3).length).toBeGreaterThan(20);
    expect(await errorsOf(page)).toEqual([]);
    const exported = await (await context.request.get(`${base}${await page.getByTestId('export-plan').getAttribute('href')}`)).json();
    expect(exported.features.length).toBe((await planGrids(page)).length);
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
    doomedId = doomed.id;
    drawnGrid = { id: drawn.id, inside: interiorPoint(ringsOf(drawn))! };
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
    // the panel follows the drag before anything is saved
    const areaBefore = await page.getByTestId('grid-area').textContent();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(from.x + 1.5 * i, from.y - 1.2 * i);
    await expect.poll(() => page.getByTestId('grid-area').textContent()).not.toBe(areaBefore);
    await page.mouse.up();
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

  const selectGrid = async (target: Page, id: number, add = false) => {
    const grid = (await planGrids(target)).find((g) => g.id === id)!;
    const p = await screenPoint(target, interiorPoint(ringsOf(grid))!);
    if (add) await target.keyboard.down('Shift');
    await target.mouse.click(p.x, p.y);
    if (add) await target.keyboard.up('Shift');
    await expect.poll(() => target.evaluate(() => window.__wanggeEditor!.store.selected)).toContain(id);
  };

  it('splits a grid with a line and merges the pieces again: saved, valid, households counted', async () => {
    const before = await planGrids(page);
    const grid = before.filter((g) => g.properties.level === 3 && g.properties.buildings >= 2).sort((a, b) => b.properties.area_m2 - a.properties.area_m2)[0];
    const [x0, y0, x1, y1] = bboxOf(grid);
    await fitTo(page, [x0, y0, x1, y1], 200);
    await selectGrid(page, grid.id);
    await page.keyboard.press('s');
    const ym = (y0 + y1) / 2;
    const start = await screenPoint(page, [x0 - (x1 - x0) * 0.2, ym]);
    const end = await screenPoint(page, [x1 + (x1 - x0) * 0.2, ym]);
    await page.mouse.click(start.x, start.y);
    await page.waitForTimeout(150);
    await page.mouse.click(end.x, end.y);
    await page.waitForTimeout(150);
    await page.mouse.click(end.x, end.y);
    await expect.poll(async () => (await planGrids(page)).length, { timeout: 15_000 }).toBe(before.length + 1);
    await settled(page);
    const split = await planGrids(page);
    const pieces = split.filter((g) => g.id === grid.id || !before.some((b) => b.id === g.id));
    expect(pieces).toHaveLength(2);
    expect(pieces[0].properties.households + pieces[1].properties.households).toBe(grid.properties.households);
    expect(pieces.reduce((sum, g) => sum + g.properties.area_m2, 0)).toBeCloseTo(grid.properties.area_m2, -1);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'split');

    await page.keyboard.press('Escape');
    await selectGrid(page, pieces[0].id);
    await selectGrid(page, pieces[1].id, true);
    await page.keyboard.press('m');
    await expect.poll(async () => (await planGrids(page)).length, { timeout: 15_000 }).toBe(before.length);
    await settled(page);
    const merged = (await planGrids(page)).find((g) => g.id === pieces[0].id)!;
    expect(merged.properties.households).toBe(grid.properties.households);
    expect(merged.properties.area_m2).toBeCloseTo(grid.properties.area_m2, -1);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'merged');

    // undo the merge: the removed piece comes back (the server gives it a new id), households as split
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await planGrids(page)).length, { timeout: 15_000 }).toBe(before.length + 1);
    await settled(page);
    const unmerged = (await planGrids(page)).filter((g) => g.id === pieces[0].id || !before.some((b) => b.id === g.id));
    expect(unmerged.map((g) => g.properties.households).sort()).toEqual(pieces.map((g) => g.properties.households).sort());
    expect(await errorsOf(page)).toEqual([]);
    // and redo it: one grid again, through the same write path
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await planGrids(page)).length, { timeout: 15_000 }).toBe(before.length);
    await settled(page);
    expect((await planGrids(page)).find((g) => g.id === pieces[0].id)!.properties.households).toBe(grid.properties.households);
    expect(await errorsOf(page)).toEqual([]);
  });

  it('moves a building to the neighbouring grid: the boundary follows and both grids recount their households', async () => {
    const grids = await planGrids(page);
    let found: { from: number; to: number; building: { id: number; lon: number; lat: number; households: number } } | null = null;
    for (const { ids } of twoGridVertices(grids, 3)) {
      const from = grids.find((g) => g.id === ids[0])!;
      // a grid keeps some buildings: moving its only one would empty it, which the server refuses
      if (from.properties.buildings < 2) continue;
      const { rows } = await db.query<{ id: number; lon: number; lat: number; households: number }>(
        `select id, ST_X(geom) as lon, ST_Y(geom) as lat, households from building
          where households > 0 and ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), geom)
          order by ST_Distance(geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) limit 1`, [JSON.stringify(from.geometry), JSON.stringify(grids.find((g) => g.id === ids[1])!.geometry)]);
      if (rows[0]) {
        found = { from: ids[0], to: ids[1], building: { ...rows[0], lon: Number(rows[0].lon), lat: Number(rows[0].lat) } };
        break;
      }
    }
    expect(found).not.toBeNull();
    const { from, to, building } = found!;
    const [fromBefore, toBefore] = [from, to].map((id) => grids.find((g) => g.id === id)!);
    await page.keyboard.press('Escape');
    await fitTo(page, bboxOf(fromBefore), 200);
    await page.keyboard.press('b');
    const p = await screenPoint(page, [building.lon, building.lat]);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.getByTestId('editor-hint').textContent()).toMatch(/点击目标网格/);
    const target = await screenPoint(page, interiorPoint(ringsOf(toBefore))!);
    await page.mouse.click(target.x, target.y);
    await settled(page);
    await expect.poll(async () => (await planGrids(page)).find((g) => g.id === to)!.properties.households, { timeout: 15_000 }).toBe(toBefore.properties.households + building.households);
    await settled(page);
    expect((await planGrids(page)).find((g) => g.id === from)!.properties.households).toBe(fromBefore.properties.households - building.households);
    expect(await errorsOf(page)).toEqual([]);
    await shot(page, 'reassigned');
    await page.keyboard.press('v');
  });

  it('shows the balance of the grids against the target, coloured by deviation, and speaks English', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-level-2').click();
    await page.getByTestId('side-tab-balance').click();
    await page.getByTestId('balance-target').fill('250');
    await expect.poll(() => page.getByTestId('balance-worst').textContent()).toMatch(/最大偏差：[+-]?\d+%/);
    const grids = (await planGrids(page)).filter((g) => g.properties.level === 2);
    expect(await page.locator('[data-testid^=balance-row-]').count()).toBe(grids.length);
    const community = (await planGrids(page)).find((g) => g.properties.level === 1)!;
    await fitTo(page, bboxOf(community), 40);
    await shot(page, 'balance');
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => page.getByTestId('tool-select').textContent()).toBe('Select');
    await expect.poll(() => page.getByTestId('balance-worst').textContent()).toMatch(/Worst deviation/);
    await shot(page, 'english');
    await page.getByTestId('locale-toggle').click();
    await page.getByTestId('edit-level-3').click();
  });

  it('two planners edit one grid: the second sees the conflict dialog, reloads their version and edits on top; nothing is lost', async () => {
    const other = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    const second = await createUser(db, 'planner');
    await logIn(other, base, second.username, second.password);
    const theirs = await other.newPage();
    await theirs.goto(`${base}/editor/plans/${planId}`);
    await settled(theirs);
    await theirs.getByTestId('edit-level-3').click();
    const grid = (await planGrids(page)).filter((g) => g.properties.level === 3 && g.id !== drawnGrid.id)[3];
    await fitTo(theirs, bboxOf(grid), 200);
    await selectGrid(theirs, grid.id);
    await theirs.getByTestId('grid-name').fill('兰馨公寓东楼组');
    await theirs.getByTestId('grid-save').click();
    await expect.poll(() => theirs.getByTestId('grid-version').textContent()).toBe(String(grid.properties.version + 1));

    // this page still holds the grid at the version it loaded
    await page.keyboard.press('Escape');
    await fitTo(page, bboxOf(grid), 200);
    await selectGrid(page, grid.id);
    await page.getByTestId('side-tab-grid').click();
    await page.getByTestId('grid-name').fill('兰馨公寓西楼组');
    await page.getByTestId('grid-save').click();
    await page.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 });
    await shot(page, 'conflict');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('grid-name').inputValue()).toBe('兰馨公寓东楼组');
    await page.getByTestId('grid-name').fill('兰馨公寓东西楼组');
    await page.getByTestId('grid-save').click();
    await expect.poll(() => page.getByTestId('grid-version').textContent()).toBe(String(grid.properties.version + 2));
    const saved = await (await context.request.get(`${base}/api/plans/${planId}/grids/${grid.id}`)).json();
    expect(saved.properties).toMatchObject({ name: '兰馨公寓东西楼组', version: grid.properties.version + 2 });
    await shot(page, 'conflict-resolved');
    await other.close();
  });

  it('works by touch: a tap selects a grid, tools answer taps', async () => {
    const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', hasTouch: true });
    await logIn(tablet, base, planner.username, planner.password);
    const touch = await tablet.newPage();
    await touch.goto(`${base}/editor/plans/${planId}`);
    await settled(touch);
    await touch.getByTestId('edit-level-3').tap();
    const grid = (await planGrids(touch)).filter((g) => g.properties.level === 3)[5];
    await fitTo(touch, bboxOf(grid), 150);
    const p = await screenPoint(touch, interiorPoint(ringsOf(grid))!);
    await touch.touchscreen.tap(p.x, p.y);
    await expect.poll(() => touch.evaluate(() => window.__wanggeEditor!.store.selected)).toEqual([grid.id]);
    await touch.getByTestId('tool-draw').tap();
    await expect.poll(() => touch.getByTestId('tool-draw').getAttribute('class')).toContain('active');
    const size = await touch.getByTestId('tool-draw').boundingBox();
    expect(size!.height).toBeGreaterThanOrEqual(40);
    await touch.getByTestId('tool-select').tap();
    await touch.screenshot({ path: path.join(screenshots, 'editor-touch.png') });
    await tablet.close();
  });

  it('a detached vertex makes a gap: listed with its area, publishing refused until the fix; then publish and both generations answer lookups', async () => {
    const before = await planGrids(page);
    const { at, ids } = twoGridVertices(before, 3)[1];
    const a = before.find((g) => g.id === ids[0])!;
    await page.keyboard.press('Escape');
    await fitTo(page, bboxOf(a), 200);
    await selectGrid(page, a.id);
    await page.keyboard.press('x');
    await page.waitForTimeout(300);
    // straight into the grid, away from its own boundary (which snapping would otherwise pull it back to)
    const ring = ringsOf(a)[0][0];
    const i = ring.findIndex((p) => samePosition(p, at));
    const [prev, next] = [ring[(i - 1 + ring.length - 1) % (ring.length - 1)], ring[i + 1]];
    const from = await screenPoint(page, at);
    const [p0, p1] = [await screenPoint(page, prev), await screenPoint(page, next)];
    const edge = Math.hypot(p1.x - p0.x, p1.y - p0.y);
    const normal = { x: -(p1.y - p0.y) / edge, y: (p1.x - p0.x) / edge };
    const probe = await page.evaluate(({ x, y }) => window.__wanggeMap!.unproject([x, y]).toArray(), { x: from.x + normal.x * 5 - (await page.getByTestId('map').boundingBox())!.x, y: from.y + normal.y * 5 - (await page.getByTestId('map').boundingBox())!.y });
    const sign = polygonsCover(ringsOf(a), probe as Position2) ? 1 : -1;
    await dragFrom(page, from, { x: from.x + sign * normal.x * 40, y: from.y + sign * normal.y * 40 });
    await settled(page);
    await page.keyboard.press('x');
    const gap = (await errorsOf(page)).find((i) => i.type === 'gap');
    expect(gap?.area_m2).toBeGreaterThan(1);
    expect((await planGrids(page)).filter((g) => JSON.stringify(g.geometry) !== JSON.stringify(before.find((b) => b.id === g.id)?.geometry)).map((g) => g.id)).toEqual([a.id]);
    await page.getByTestId('side-tab-issues').click();
    const row = page.getByTestId('issue-gap').first();
    expect(Number(await row.getAttribute('data-area'))).toBeCloseTo(gap!.area_m2, 3);
    await row.click();
    await page.waitForTimeout(500);
    await shot(page, 'detached-gap');

    const publishedAt = new Date().toISOString();
    await page.getByTestId('tool-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-refused').waitFor({ timeout: 30_000 });
    await shot(page, 'publish-refused');
    await page.getByTestId('publish-fix').click();
    await page.getByTestId('publish-done').waitFor({ timeout: 60_000 });
    expect(await errorsOf(page)).toEqual([]);
    const generation = Number(/\d+/.exec((await page.getByTestId('publish-done').textContent())!)![0]);
    await shot(page, 'published');

    const [lon, lat] = drawnGrid.inside;
    const now = await (await context.request.get(`${base}/api/lookup?lon=${lon}&lat=${lat}`)).json();
    expect(now.grids.map((g: { id: number }) => g.id)).toContain(drawnGrid.id);
    const then = await (await context.request.get(`${base}/api/lookup?lon=${lon}&lat=${lat}&at=${encodeURIComponent(publishedAt)}`)).json();
    expect(then.grids.map((g: { id: number }) => g.id)).toContain(doomedId);
    expect(generation).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
// The import dialog in Chromium, as a planner uses it from the map page: pick a CSV of buildings copied
// from Amap (GCJ-02), see the guessed field mapping and the one bad row, import, and read the result.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';

const screenshots = path.resolve(import.meta.dirname, '../screenshots');

describe('import dialog in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    db = await openTestDb('pglite', 'kangle');
    app = await buildApp({ db });
    base = await listenLocally(app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const planner = await createUser(db, 'planner');
    const login = await page.request.post(`${base}/api/auth/login`, { data: { username: planner.username, password: planner.password } });
    expect(login.status()).toBe(200);
    fs.mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  it('previews, maps and imports a CSV of buildings with a progress bar and per-row reasons', async () => {
    await page.goto(base);
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-dialog').waitFor();
    await page.getByTestId('import-target').selectOption('buildings');
    await page.getByTestId('import-crs').selectOption('gcj02');
    const csv = '楼名,户数,经度,纬度\n康乐新楼1幢,24,118.1180,24.4900\n康乐新楼2幢,36,118.1182,24.4901\n坏行,12,东经,北纬\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'amap.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-summary').waitFor();
    // 楼名 is no name the guesser knows: every row lacks a name until the planner picks the column
    expect(await page.getByTestId('import-summary').textContent()).toContain('共 3 个要素：0 个可导入，3 个有问题');
    expect(await page.getByTestId('import-map-households').inputValue()).toBe('户数');
    await page.getByTestId('import-map-name').selectOption('楼名');
    await page.getByText('共 3 个要素：2 个可导入，1 个有问题').waitFor();
    expect(await page.getByTestId('import-rejected').textContent()).toMatch(/row 4.*not numbers/);
    await page.screenshot({ path: path.join(screenshots, 'import-dialog.png') });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').textContent()).toBe('已导入 2 个；1 个未导入');
    const stored = (await db.query<{ name: string; households: number }>("select name, households from building where name like '康乐新楼%' order by name")).rows;
    expect(stored).toEqual([{ name: '康乐新楼1幢', households: 24 }, { name: '康乐新楼2幢', households: 36 }]);
  });
});

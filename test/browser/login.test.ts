// The login screen in Chromium: the editor and dispatch send a visitor to it and back, wrong passwords
// and the wrong role are explained, logout works, English is available — all under our CSP, with no
// violation reported by the browser.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { closeTestDbs, openTestDb } from '../helpers/db.ts';
import { createUser, type TestUser } from '../helpers/auth.ts';
import { launchChromium, listenLocally } from './browser.helper.ts';

const distIndex = new URL('../../dist/web/index.html', import.meta.url);

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

describe('login screen in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let planner: TestUser;
  let dispatcher: TestUser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(distIndex)) throw new Error('dist/web is missing: run `npm run build` before the browser tests');
    db = await openTestDb('pglite', 'empty');
    app = await buildApp({ db });
    planner = await createUser(db, 'planner', { username: 'planner.wang' });
    dispatcher = await createUser(db, 'dispatcher', { username: 'dispatch.li' });
    base = await listenLocally(app);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = await context.newPage();
    page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
    page.on('pageerror', (err) => consoleErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await closeTestDbs();
  });

  const logIn = async (user: TestUser, password = user.password) => {
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
  };

  it('sends a visitor of the editor to the login screen, under our CSP', async () => {
    const res = await page.goto(`${base}/editor`);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/editor');
    expect(await page.locator('h2').textContent()).toBe('登录网格边界编辑');
  });

  it('explains a wrong password, then lets the planner into the editor and shows who is logged in', async () => {
    await logIn(planner, 'not-the-password');
    expect(await page.getByTestId('login-failure').textContent()).toBe('用户名或密码不正确');
    await logIn(planner);
    await page.waitForURL(`${base}/editor`);
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('planner.wang · 网格规划员');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'wangge_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('wangge_session');
  });

  it('tells a planner the dispatch centre is not theirs, and lets them log in as a dispatcher', async () => {
    await page.goto(`${base}/dispatch`);
    await page.getByTestId('login-denied').waitFor();
    expect(await page.getByTestId('login-denied').textContent()).toBe('当前账号（planner.wang，网格规划员）无权打开指挥调度中心。');
    await page.getByRole('button', { name: '换个账号登录' }).click();
    await page.getByTestId('login-form').waitFor();
    await logIn(dispatcher);
    await page.waitForURL(`${base}/dispatch`);
    expect(await page.getByTestId('page-title').textContent()).toBe('指挥调度中心');
  });

  it('logs out from the title bar; the editor then asks again', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await page.goto(`${base}/editor`);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('speaks English on request', async () => {
    await page.getByTestId('locale-toggle').click();
    expect(await page.locator('button[type=submit]').textContent()).toBe('Log in');
    expect(await page.locator('h2').textContent()).toBe('Log in to the Grid boundary editor');
    await page.getByTestId('locale-toggle').click();
  });

  it('reported no CSP violation and no error but the refused password', async () => {
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(consoleErrors.length).toBeLessThanOrEqual(1);
  });
});

// The grid card as a PNG (150 dpi A4): the SVG drawn by headless Chromium, which has the same CJK font.
// One browser per process, started on the first card and closed with the app; it never goes online.
import type { Browser } from 'playwright-core';
import { A4 } from './grid.card.layout.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const DPI = 150;

export function cardPngRenderer(executablePath = CHROMIUM) {
  let browser: Promise<Browser> | null = null;

  async function render(svg: string): Promise<Buffer> {
    // loaded on the first PNG: the server starts (and serves PDFs) where playwright-core is not installed
    browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath, args: ARGS }));
    const context = await (await browser.catch((err) => {
      browser = null;
      throw err;
    })).newContext({ viewport: { width: Math.ceil(A4.width), height: Math.ceil(A4.height) }, deviceScaleFactor: DPI / 72, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      return await page.locator('svg').screenshot({ type: 'png' });
    } finally {
      await context.close();
    }
  }

  async function close(): Promise<void> {
    const b = browser;
    browser = null;
    if (b) await (await b.catch(() => null))?.close();
  }

  return { render, close };
}

export type CardPngRenderer = ReturnType<typeof cardPngRenderer>;

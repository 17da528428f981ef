// Generates the basemap's glyph PBFs once, from Noto Sans CJK SC, so labels render with no font server
// on the internet. Only the ranges that Latin letters, digits and common punctuation need are made:
// MapLibre draws CJK ideographs locally (map option localIdeographFontFamily), so shipping the
// 20,000-odd Han glyphs would only make the repository heavy.
//
// The SDFs are drawn by Chromium with @mapbox/tiny-sdf (the rasterizer MapLibre itself uses for local
// glyphs) and written in the glyph PBF format that MapLibre's glyph parser reads.
//
//   npx tsx tiles/glyphs/generate.ts        (needs /usr/bin/chromium and fonts-noto-cjk)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { PbfWriter } from 'pbf';

/** Fontstacks the style names in text-font, and the CSS font that draws each. */
const fontstacks = [
  { name: 'Noto Sans CJK SC Regular', family: 'Noto Sans CJK SC', weight: '400' },
  { name: 'Noto Sans CJK SC Bold', family: 'Noto Sans CJK SC', weight: '700' },
];
/**
 * 0–255: Basic Latin and Latin-1 (digits of grid codes, house numbers, ·). A rarer codepoint outside
 * it is drawn locally by MapLibre after a warning, so further ranges are not worth their weight.
 */
const ranges = [0];

// The glyph PBF convention (node-fontnik): 24 px em, 3 px SDF border, radius 8, cutoff 0.25.
const fontSize = 24;
const border = 3;
const radius = 8;
/**
 * MapLibre shifts its locally drawn glyphs by these amounts to line them up with server glyphs
 * (glyph_manager.ts topAdjustment / leftAdjustment); applying the same shift here keeps our Latin
 * glyphs on the same baseline as the locally drawn Chinese ones beside them.
 */
const topAdjustment = 27.5;
const leftAdjustment = 0.5;

interface DrawnGlyph {
  id: number;
  bitmap: number[];
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

const outDir = import.meta.dirname;
const require = createRequire(import.meta.url);
const tinySdfSource = fs
  .readFileSync(require.resolve('@mapbox/tiny-sdf'), 'utf8')
  .replace('export default class TinySDF', 'globalThis.TinySDF = class TinySDF');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
  await page.addScriptTag({ content: tinySdfSource });
  for (const stack of fontstacks) {
    for (const start of ranges) {
      const glyphs = await page.evaluate(drawRange, { start, stack, fontSize, border, radius });
      const file = path.join(outDir, stack.name, `${start}-${start + 255}.pbf`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, encode(stack.name, `${start}-${start + 255}`, glyphs));
      console.log(`${path.relative(process.cwd(), file)}: ${glyphs.length} glyphs`);
    }
  }
} finally {
  await browser.close();
}

/** Runs in the page: draws every printable codepoint of one range that the font actually has. */
async function drawRange(args: { start: number; stack: { family: string; weight: string }; fontSize: number; border: number; radius: number }): Promise<DrawnGlyph[]> {
  const { start, stack, fontSize, border, radius } = args;
  await document.fonts.load(`${stack.weight} ${fontSize}px "${stack.family}"`);
  const TinySDF = (globalThis as unknown as { TinySDF: new (o: object) => { draw(c: string): Record<string, number> & { data: Uint8ClampedArray } } }).TinySDF;
  const sdf = new TinySDF({ fontSize, buffer: border, radius, cutoff: 0.25, fontFamily: `"${stack.family}"`, fontWeight: stack.weight });
  const out: DrawnGlyph[] = [];
  for (let id = start; id < start + 256; id++) {
    const char = String.fromCodePoint(id);
    // Control, format and unassigned codepoints have no visible glyph; MapLibre skips missing ones.
    if (/[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u.test(char)) continue;
    const g = sdf.draw(char);
    out.push({
      id,
      bitmap: Array.from(g.data),
      width: g.glyphWidth,
      height: g.glyphHeight,
      left: g.glyphLeft,
      top: g.glyphTop,
      advance: g.glyphAdvance,
    });
  }
  return out;
}

/** glyphs { fontstack stacks = 1 } · fontstack { name = 1, range = 2, glyph glyphs = 3 } */
function encode(name: string, range: string, glyphs: DrawnGlyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: unknown, w: PbfWriter) => {
    w.writeStringField(1, name);
    w.writeStringField(2, range);
    for (const g of glyphs) {
      w.writeMessage(3, (_g: unknown, gw: PbfWriter) => {
        gw.writeVarintField(1, g.id);
        if (g.width > 0 && g.height > 0) gw.writeBytesField(2, Uint8Array.from(g.bitmap));
        gw.writeVarintField(3, g.width);
        gw.writeVarintField(4, g.height);
        gw.writeSVarintField(5, Math.round(g.left + leftAdjustment));
        gw.writeSVarintField(6, Math.round(g.top - topAdjustment));
        gw.writeVarintField(7, Math.round(g.advance));
      }, undefined);
    }
  }, undefined);
  return pbf.finish();
}

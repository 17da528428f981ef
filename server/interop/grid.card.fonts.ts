// The card's font: Chinese text needs a CJK face embedded in the PDF and present for Chromium. Debian's
// fonts-noto-cjk ships Noto Sans CJK as TrueType collections; pdfkit takes a face of a collection by
// its PostScript name. Measuring uses the same face, so the layout fits what is drawn.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Measure } from './grid.card.layout.ts';

export interface CardFont {
  regular: { path: string; face: string };
  bold: { path: string; face: string };
  /** the CSS family Chromium knows the same face by */
  cssFamily: string;
}

const CANDIDATES: CardFont[] = [
  {
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
    cssFamily: "'Noto Sans CJK SC'",
  },
  {
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', face: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf', face: 'NotoSansCJKsc-Bold' },
    cssFamily: "'Noto Sans CJK SC'",
  },
];

/** the first installed CJK font, or null (the card routes then say which package to install) */
export function findCardFont(): CardFont | null {
  return CANDIDATES.find((f) => fs.existsSync(f.regular.path) && fs.existsSync(f.bold.path)) ?? null;
}

/** a pdfkit document with the card font registered as 'regular' and 'bold' */
export function cardDocument(font: CardFont, options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', margin: 0, ...options });
  doc.registerFont('regular', font.regular.path, font.regular.face);
  doc.registerFont('bold', font.bold.path, font.bold.face);
  return doc;
}

export interface FontMetrics {
  measure: Measure;
  /** the baseline's distance below the top of a line, per point of font size */
  ascent: number;
}

export function fontMetrics(font: CardFont): FontMetrics {
  const doc = cardDocument(font);
  const measure: Measure = (text, size, bold = false) => doc.font(bold ? 'bold' : 'regular').fontSize(size).widthOfString(text);
  doc.font('regular');
  const ascent = (doc as unknown as { _font: { ascender: number } })._font.ascender / 1000;
  return { measure, ascent };
}

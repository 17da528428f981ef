// The grid card as an A4 PDF: the laid-out operations drawn with pdfkit, text in the embedded CJK font,
// the map as vector paths (it prints sharp at any size).
import { layoutGridCard, type Op } from './grid.card.layout.ts';
import type { GridCardData } from './grid.card.data.ts';
import { cardDocument, fontMetrics, type CardFont } from './grid.card.fonts.ts';

export function gridCardPdf(data: GridCardData, font: CardFont): Promise<Buffer> {
  const doc = cardDocument(font, { info: { Title: `网格信息卡 ${data.grid.name} ${data.grid.code}`, Creator: 'Wangge 网格' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const op of layoutGridCard(data, fontMetrics(font).measure)) draw(doc, op);
  doc.end();
  return done;
}

function draw(doc: PDFKit.PDFDocument, op: Op): void {
  switch (op.op) {
    case 'text': {
      doc.font(op.bold ? 'bold' : 'regular').fontSize(op.size).fillColor(op.color ?? '#000').fillOpacity(1);
      const width = doc.widthOfString(op.text);
      const x = op.align === 'right' ? op.x - width : op.align === 'center' ? op.x - width / 2 : op.x;
      doc.text(op.text, x, op.y, { lineBreak: false });
      return;
    }
    case 'rect':
      doc.rect(op.x, op.y, op.w, op.h);
      paint(doc, op.fill, op.stroke, op.width);
      return;
    case 'path':
      for (const ring of op.rings) {
        if (ring.length < 2) continue;
        doc.moveTo(ring[0][0], ring[0][1]);
        for (const p of ring.slice(1)) doc.lineTo(p[0], p[1]);
        if (op.closed) doc.closePath();
      }
      doc.lineJoin('round').lineCap('round');
      if (op.dash) doc.dash(op.dash[0], { space: op.dash[1] });
      else doc.undash();
      paint(doc, op.fill, op.stroke, op.width, op.fillOpacity);
      doc.undash();
      return;
    case 'clip':
      doc.save();
      doc.rect(op.x, op.y, op.w, op.h).clip();
      return;
    case 'unclip':
      doc.restore();
  }
}

function paint(doc: PDFKit.PDFDocument, fill: string | undefined, stroke: string | undefined, width = 1, fillOpacity = 1): void {
  doc.lineWidth(width).fillOpacity(fillOpacity).strokeOpacity(1);
  if (fill && stroke) doc.fillAndStroke(fill, stroke, 'even-odd');
  else if (fill) doc.fill(fill, 'even-odd');
  else if (stroke) doc.stroke(stroke);
  doc.fillOpacity(1);
}

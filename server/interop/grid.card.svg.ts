// The grid card as SVG: the same operations as the PDF, for Chromium to turn into a PNG.
import { A4, layoutGridCard, type Op } from './grid.card.layout.ts';
import type { GridCardData } from './grid.card.data.ts';
import { fontMetrics, type CardFont } from './grid.card.fonts.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => Number(v.toFixed(2));

export function gridCardSvg(data: GridCardData, font: CardFont): string {
  const { measure, ascent } = fontMetrics(font);
  const out: string[] = [];
  let clips = 0;
  for (const op of layoutGridCard(data, measure)) out.push(draw(op, ascent, () => `clip${clips++}`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${A4.width}" height="${A4.height}" viewBox="0 0 ${A4.width} ${A4.height}" font-family="${escape(font.cssFamily)}">`
    + `<rect width="100%" height="100%" fill="#ffffff"/>${out.join('')}</svg>`;
}

function paint(fill?: string, stroke?: string, width = 1, fillOpacity?: number): string {
  return `fill="${fill ?? 'none'}"${fillOpacity !== undefined ? ` fill-opacity="${fillOpacity}"` : ''} fill-rule="evenodd"${stroke ? ` stroke="${stroke}" stroke-width="${width}"` : ''}`;
}

function draw(op: Op, ascent: number, clipId: () => string): string {
  switch (op.op) {
    case 'text': {
      const anchor = op.align === 'right' ? 'end' : op.align === 'center' ? 'middle' : 'start';
      return `<text x="${n(op.x)}" y="${n(op.y + op.size * ascent)}" font-size="${op.size}" font-weight="${op.bold ? 700 : 400}" fill="${op.color ?? '#000'}" text-anchor="${anchor}">${escape(op.text)}</text>`;
    }
    case 'rect':
      return `<rect x="${n(op.x)}" y="${n(op.y)}" width="${n(op.w)}" height="${n(op.h)}" ${paint(op.fill, op.stroke, op.width)}/>`;
    case 'path': {
      const d = op.rings.filter((r) => r.length >= 2).map((r) => `M${r.map((p) => `${n(p[0])} ${n(p[1])}`).join('L')}${op.closed ? 'Z' : ''}`).join('');
      const dash = op.dash ? ` stroke-dasharray="${op.dash.join(' ')}"` : '';
      return `<path d="${d}" ${paint(op.fill, op.stroke, op.width, op.fillOpacity)} stroke-linejoin="round" stroke-linecap="round"${dash}/>`;
    }
    case 'clip': {
      const id = clipId();
      return `<clipPath id="${id}"><rect x="${n(op.x)}" y="${n(op.y)}" width="${n(op.w)}" height="${n(op.h)}"/></clipPath><g clip-path="url(#${id})">`;
    }
    case 'unclip':
      return '</g>';
  }
}

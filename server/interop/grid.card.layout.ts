// The grid card's page, laid out once as drawing operations on an A4 sheet (points, origin top left),
// so the PDF (pdfkit) and the PNG (SVG in Chromium) are the same picture. Pure: the data and a text
// measure in, operations out. The map is our own data drawn as vector paths: the grid, its buildings,
// the roads around it and the neighbouring grids' outlines, in Web Mercator like the web map.
import type { Position } from 'geojson';
import type { CardContact, GridCardData } from './grid.card.data.ts';

export const A4 = { width: 595.28, height: 841.89 };

export type Op =
  | { op: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; color?: string; align?: 'left' | 'right' | 'center'; width?: number }
  | { op: 'path'; rings: Position[][]; closed: boolean; fill?: string; fillOpacity?: number; stroke?: string; width?: number; dash?: number[] }
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; width?: number }
  | { op: 'clip'; x: number; y: number; w: number; h: number }
  | { op: 'unclip' };

/** width of a text at a size, in points, in the card's font */
export type Measure = (text: string, size: number, bold?: boolean) => number;

const INK = '#1f2328';
const MUTED = '#5b6470';
const RULE = '#d0d4da';
const ACCENT = '#1d4ed8';
const MARGIN = 36;
const WIDTH = A4.width - 2 * MARGIN;

const ROLE_LABELS: Record<CardContact['role'], string> = {
  grid_worker: '网格员',
  grid_leader: '网格长',
  police: '社区民警',
  patrol: '巡查联系人',
};
const LEVEL_LABELS: Record<number, string> = { 1: '社区', 2: '网格', 3: '楼组', 4: '四级网格', 5: '五级网格' };

/** the text cut with an ellipsis to fit a width */
function fit(measure: Measure, text: string, size: number, width: number, bold = false): string {
  if (measure(text, size, bold) <= width) return text;
  let cut = text;
  while (cut.length > 1 && measure(`${cut}…`, size, bold) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const formatNumber = (n: number) => n.toLocaleString('en-US');
const formatArea = (m2: number) => (m2 >= 100_000 ? `${(m2 / 1_000_000).toFixed(2)} km²` : `${formatNumber(Math.round(m2))} m²`);
const formatDate = (d: Date) => {
  const local = new Date(d.getTime() + 8 * 3600_000); // the card is read in China: UTC+8
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-${String(local.getUTCDate()).padStart(2, '0')}`;
};

export function layoutGridCard(data: GridCardData, measure: Measure): Op[] {
  const ops: Op[] = [];
  const text = (x: number, y: number, value: string, size: number, more: Partial<Extract<Op, { op: 'text' }>> = {}) =>
    ops.push({ op: 'text', x, y, text: value, size, color: INK, ...more });
  const rule = (y: number) => ops.push({ op: 'rect', x: MARGIN, y, w: WIDTH, h: 0.6, fill: RULE });

  // header: what the sheet is, where the grid sits, its name and code
  const { grid } = data;
  text(MARGIN, MARGIN, '网格信息卡 · 网格员工作手册', 9, { color: MUTED });
  text(A4.width - MARGIN, MARGIN, `第 ${grid.generation} 代网格 · ${formatDate(data.generatedAt)}`, 9, { color: MUTED, align: 'right' });
  const chain = data.chain.map((c) => c.name).join(' › ');
  if (chain) text(MARGIN, MARGIN + 16, fit(measure, `${chain} ›`, 10, WIDTH), 10, { color: MUTED });
  const codeText = `编码 ${grid.code}`;
  const codeWidth = measure(codeText, 11);
  text(MARGIN, MARGIN + 30, fit(measure, `${grid.name}`, 22, WIDTH - codeWidth - 16, true), 22, { bold: true });
  text(A4.width - MARGIN, MARGIN + 40, codeText, 11, { align: 'right', color: MUTED });
  text(A4.width - MARGIN, MARGIN + 16, LEVEL_LABELS[grid.level] ?? `第 ${grid.level} 级`, 10, { align: 'right', color: ACCENT, bold: true });

  const mapTop = MARGIN + 66;
  const mapHeight = 392;
  drawMap(ops, data, { x: MARGIN, y: mapTop, w: WIDTH, h: mapHeight });

  // the numbers a worker is asked for
  const factsTop = mapTop + mapHeight + 14;
  const facts: Array<[string, string]> = [
    ['户数 households', formatNumber(grid.households)],
    ['人口 population', formatNumber(grid.population)],
    ['面积 area', formatArea(grid.area_m2)],
    ['楼栋 buildings', formatNumber(data.buildingCount)],
  ];
  const cell = WIDTH / facts.length;
  facts.forEach(([label, value], i) => {
    text(MARGIN + i * cell, factsTop, value, 18, { bold: true });
    text(MARGIN + i * cell, factsTop + 23, label, 8.5, { color: MUTED });
  });
  rule(factsTop + 40);

  // people: worker and leader first, then police and patrol
  const contactsTop = factsTop + 50;
  const roles: CardContact['role'][] = ['grid_worker', 'grid_leader', 'police', 'patrol'];
  const half = WIDTH / 2;
  roles.forEach((role, i) => {
    const x = MARGIN + (i % 2) * half;
    const y = contactsTop + Math.floor(i / 2) * 58;
    const c = data.contacts.find((k) => k.role === role);
    text(x, y, ROLE_LABELS[role], 8.5, { color: MUTED });
    if (!c) {
      text(x, y + 13, '未登记', 12, { color: MUTED });
      return;
    }
    text(x, y + 13, fit(measure, c.name, 12, half - 130, true), 12, { bold: true });
    if (c.phone) text(x + half - 16, y + 14, c.phone, 12, { align: 'right' });
    const where = [c.office_place, c.office_hours].filter(Boolean).join(' · ');
    if (where) text(x, y + 31, fit(measure, where, 8.5, half - 16), 8.5, { color: MUTED });
  });
  rule(contactsTop + 112);

  const notesTop = drawCompounds(ops, data, measure, contactsTop + 122, A4.height - MARGIN - 22);
  drawNoteLines(ops, notesTop + 12, A4.height - MARGIN - 26);

  text(MARGIN, A4.height - MARGIN - 8, `Wangge 网格 · 网格 ${grid.id} · 数据为打印时的已发布网格；人员联系方式以公示为准`, 7.5, { color: MUTED });
  return ops;
}

/** the rest of the sheet is the worker's: ruled lines for notes (工作记录) */
function drawNoteLines(ops: Op[], top: number, bottom: number) {
  if (bottom - top < 40) return;
  ops.push({ op: 'text', x: MARGIN, y: top, text: '工作记录 notes', size: 8.5, color: MUTED });
  for (let y = top + 30; y <= bottom; y += 22) ops.push({ op: 'rect', x: MARGIN, y, w: WIDTH, h: 0.5, fill: RULE });
}

/** the compounds table; returns where it ends */
function drawCompounds(ops: Op[], data: GridCardData, measure: Measure, top: number, bottom: number): number {
  const push = (x: number, y: number, value: string, size: number, more: Partial<Extract<Op, { op: 'text' }>> = {}) =>
    ops.push({ op: 'text', x, y, text: value, size, color: INK, ...more });
  push(MARGIN, top, '小区与物业 compounds and property management', 8.5, { color: MUTED });
  const columns = [
    { label: '小区', x: MARGIN, width: 150 },
    { label: '物业公司', x: MARGIN + 156, width: 180 },
    { label: '物业电话', x: MARGIN + 342, width: 92 },
    { label: '楼栋', x: MARGIN + 470, width: 26, right: true },
    { label: '户数', x: MARGIN + WIDTH, width: 40, right: true },
  ];
  const headerY = top + 15;
  for (const c of columns) push(c.right ? c.x : c.x, headerY, c.label, 8.5, { bold: true, align: c.right ? 'right' : 'left' });
  const rowHeight = 14;
  const room = Math.max(0, Math.floor((bottom - headerY - 14) / rowHeight));
  if (!data.compounds.length) {
    push(MARGIN, headerY + 16, '本网格内没有登记的小区', 9, { color: MUTED });
    return headerY + 16 + rowHeight;
  }
  const shown = data.compounds.length > room ? data.compounds.slice(0, Math.max(0, room - 1)) : data.compounds;
  shown.forEach((compound, i) => {
    const y = headerY + 16 + i * rowHeight;
    if (i % 2 === 0) ops.push({ op: 'rect', x: MARGIN - 3, y: y - 2.5, w: WIDTH + 6, h: rowHeight, fill: '#f4f5f7' });
    const values = [compound.name, compound.property_company ?? '—', compound.property_phone ?? '—', formatNumber(compound.buildings), formatNumber(compound.households)];
    columns.forEach((c, k) => push(c.x, y, fit(measure, values[k], 9, c.width), 9, { align: c.right ? 'right' : 'left' }));
  });
  if (shown.length < data.compounds.length) {
    push(MARGIN, headerY + 16 + shown.length * rowHeight, `另有 ${data.compounds.length - shown.length} 个小区，见网格台账`, 9, { color: MUTED });
    return headerY + 16 + (shown.length + 1) * rowHeight;
  }
  return headerY + 16 + shown.length * rowHeight;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));

/** lon/lat → page points, the bbox fitted into the box and centred, north up */
function projection(bbox: [number, number, number, number], box: Box) {
  const [w, s, e, n] = bbox;
  const x0 = (w * Math.PI) / 180;
  const x1 = (e * Math.PI) / 180;
  const y0 = mercatorY(s);
  const y1 = mercatorY(n);
  const scale = Math.min(box.w / (x1 - x0), box.h / (y1 - y0));
  const ox = box.x + (box.w - (x1 - x0) * scale) / 2;
  const oy = box.y + (box.h - (y1 - y0) * scale) / 2;
  const project = (p: Position): Position => [ox + ((p[0] * Math.PI) / 180 - x0) * scale, oy + (y1 - mercatorY(p[1])) * scale];
  // ground metres per page point at the centre (a sphere of the WGS84 radius)
  const metresPerPoint = (6_378_137 * Math.cos((((s + n) / 2) * Math.PI) / 180)) / scale;
  return { project, metresPerPoint };
}

function drawMap(ops: Op[], data: GridCardData, box: Box) {
  const { project, metresPerPoint } = projection(data.bbox, box);
  const rings = (polygons: Position[][][]) => polygons.flatMap((p) => p.map((r) => r.map(project)));
  const polygonsOf = (g: GridCardData['geometry']) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

  ops.push({ op: 'rect', ...box, fill: '#f3f0e8' });
  ops.push({ op: 'clip', ...box });
  for (const n of data.neighbours) ops.push({ op: 'path', rings: rings(polygonsOf(n.geometry)), closed: true, fill: '#ebe6da', stroke: '#a79fb8', width: 0.8, dash: [3, 2] });
  for (const [kind, casing, fill] of [['arterial', 9, 7], ['branch', 6, 4.5], ['path', 2.6, 1.6]] as const) {
    const lines = data.roads.filter((r) => r.kind === kind).flatMap((r) => (r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates)).map((l) => l.map(project));
    if (!lines.length) continue;
    ops.push({ op: 'path', rings: lines, closed: false, stroke: '#d3cbb9', width: casing });
    ops.push({ op: 'path', rings: lines, closed: false, stroke: kind === 'arterial' ? '#fff6dc' : '#ffffff', width: fill });
  }
  ops.push({ op: 'path', rings: rings(polygonsOf(data.geometry)), closed: true, fill: ACCENT, fillOpacity: 0.07 });
  for (const b of data.buildings) {
    const fill = b.inside ? '#cfc4b0' : '#e0d9ca';
    const stroke = b.inside ? '#8f826b' : '#c4baa6';
    if (b.footprint) ops.push({ op: 'path', rings: b.footprint.coordinates.map((r) => r.map(project)), closed: true, fill, stroke, width: 0.5 });
    else {
      const [x, y] = project(b.point.coordinates);
      ops.push({ op: 'rect', x: x - 2, y: y - 2, w: 4, h: 4, fill, stroke, width: 0.5 });
    }
  }
  ops.push({ op: 'path', rings: rings(polygonsOf(data.geometry)), closed: true, stroke: '#ffffff', width: 5 });
  ops.push({ op: 'path', rings: rings(polygonsOf(data.geometry)), closed: true, stroke: ACCENT, width: 2.4 });
  ops.push({ op: 'unclip' });
  ops.push({ op: 'rect', ...box, stroke: '#b9b2a3', width: 0.8 });
  drawScaleBar(ops, box, metresPerPoint);
  drawNorthArrow(ops, box);
}

function drawScaleBar(ops: Op[], box: Box, metresPerPoint: number) {
  const target = (box.w / 5) * metresPerPoint;
  const nice = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000].reduce((best, m) => (Math.abs(m - target) < Math.abs(best - target) ? m : best));
  const length = nice / metresPerPoint;
  const x = box.x + 12;
  const y = box.y + box.h - 14;
  ops.push({ op: 'rect', x: x - 5, y: y - 15, w: length + 10, h: 24, fill: '#ffffff' });
  ops.push({ op: 'rect', x, y, w: length, h: 3, fill: INK });
  ops.push({ op: 'rect', x: x + length / 2, y, w: length / 2, h: 3, fill: '#ffffff', stroke: INK, width: 0.6 });
  ops.push({ op: 'text', x, y: y - 12, text: nice >= 1000 ? `${nice / 1000} km` : `${nice} m`, size: 8, color: INK });
}

function drawNorthArrow(ops: Op[], box: Box) {
  const cx = box.x + box.w - 18;
  const top = box.y + 12;
  ops.push({ op: 'path', rings: [[[cx, top], [cx + 6, top + 16], [cx, top + 12], [cx - 6, top + 16]]], closed: true, fill: INK });
  ops.push({ op: 'text', x: cx, y: top + 18, text: 'N', size: 8, bold: true, align: 'center', color: INK });
}

// WKT (and EWKT with SRID=…;) to GeoJSON for CSV imports: POINT, LINESTRING, POLYGON and their MULTI
// forms, Z/M ordinates dropped. Pure; a value that is not WKT says where it went wrong.
import type { Geometry, Position } from 'geojson';

export type WktParse = { valid: true; geometry: Geometry; srid: number | null } | { valid: false; reason: string };

type Nested = number[] | Nested[];

export function parseWkt(text: string): WktParse {
  const ewkt = /^\s*SRID=(\d+)\s*;\s*/i.exec(text);
  const body = ewkt ? text.slice(ewkt[0].length) : text;
  const head = /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON)\s*(ZM|Z|M)?\s*/i.exec(body);
  if (!head) return { valid: false, reason: `not WKT: expected POINT, LINESTRING, POLYGON or a MULTI form, got "${body.trim().slice(0, 30)}"` };
  const rest = body.slice(head[0].length).trim();
  const type = head[1].toUpperCase();
  const srid = ewkt ? Number(ewkt[1]) : null;
  if (/^EMPTY$/i.test(rest)) return { valid: false, reason: `${type} EMPTY has no coordinates` };
  const nested = parseNested(rest);
  if (!nested.valid) return { valid: false, reason: `${type}: ${nested.reason}` };
  // depth of parentheses around the point lists: POINT(1 2) and LINESTRING(1 2, 3 4) are one deep
  const depth: Record<string, number> = { POINT: 1, LINESTRING: 1, MULTIPOINT: 1, POLYGON: 2, MULTILINESTRING: 2, MULTIPOLYGON: 3 };
  let value = nested.value;
  // MULTIPOINT may be written with parentheses around each point: MULTIPOINT((1 2), (3 4))
  if (type === 'MULTIPOINT' && depthOf(value) === 2) value = (value as Nested[]).map((p) => (p as Nested[])[0]) as Nested;
  if (depthOf(value) !== depth[type]) return { valid: false, reason: `${type} has the wrong nesting of parentheses` };
  if (type === 'POINT' && value.length !== 1) return { valid: false, reason: 'POINT has more than one position' };
  const short = firstShortPosition(value);
  if (short) return { valid: false, reason: `${type}: a position needs two numbers (x y), got "${short}"` };
  const trimmed = trimOrdinates(value) as unknown[];
  const coordinates = type === 'POINT' ? trimmed[0] : trimmed;
  const names: Record<string, Geometry['type']> = { POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon' };
  return { valid: true, geometry: { type: names[type], coordinates } as Geometry, srid };
}

/** "(1 2, 3 4)" → [[1, 2], [3, 4]]; a point list's items are arrays of numbers */
function parseNested(text: string): { valid: true; value: Nested } | { valid: false; reason: string } {
  const stack: Nested[][] = [];
  let root: Nested | undefined;
  let i = 0;
  let numbers: number[] | null = null;
  const closePoint = () => {
    if (numbers) {
      stack[stack.length - 1].push(numbers);
      numbers = null;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '(') {
      if (numbers) return { valid: false, reason: `unexpected "(" after numbers at character ${i + 1}` };
      stack.push([]);
      i++;
    } else if (c === ')') {
      if (!stack.length) return { valid: false, reason: `unbalanced ")" at character ${i + 1}` };
      closePoint();
      const done = stack.pop()!;
      if (stack.length) stack[stack.length - 1].push(done);
      else root = done;
      i++;
    } else if (c === ',') {
      closePoint();
      i++;
    } else if (/\s/.test(c)) i++;
    else {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
      if (!m || !stack.length) return { valid: false, reason: `unexpected "${text.slice(i, i + 10)}" at character ${i + 1}` };
      (numbers ??= []).push(Number(m[0]));
      i += m[0].length;
    }
    if (root !== undefined && i < text.length && text.slice(i).trim()) return { valid: false, reason: `text after the closing ")": "${text.slice(i).trim().slice(0, 20)}"` };
  }
  if (stack.length || root === undefined) return { valid: false, reason: 'parentheses are not closed' };
  // POINT(1 2) parses as [[1, 2]]: one list of positions
  return { valid: true, value: root };
}

function depthOf(value: Nested): number {
  return typeof value[0] === 'number' ? 0 : 1 + depthOf(value[0] as Nested);
}

function trimOrdinates(value: Nested): unknown {
  if (typeof value[0] === 'number') return [value[0], value[1]] as Position;
  return (value as Nested[]).map(trimOrdinates);
}

function firstShortPosition(value: Nested): string | null {
  if (typeof value[0] === 'number') return value.length < 2 ? value.join(' ') : null;
  for (const v of value as Nested[]) {
    const short = firstShortPosition(v);
    if (short !== null) return short;
  }
  return null;
}

// Generated HTTP requests for the fuzz tests: any registered route, its parameters, query and body
// drawn from its own schema (so many requests get past validation) mixed with junk, hostile strings,
// malformed JSON and CSV, odd content types and random geometries.
import fc from 'fast-check';
import type { RouteAccess } from '../../server/plugins/auth.plugin.ts';

export const INJECTIONS = [
  "' or '1'='1", "'; drop table resident; --", '" or 1=1 --', "1; select pg_sleep(5)", "') union select id_number, phone from resident --",
  "1' and (select count(*) from app_user) > 0 --", "admin'--", '$1', '\\', '%', '_', "%' --", '\u0000', '1e309', '9'.repeat(30), '-1',
  '../../etc/passwd', '<script>alert(1)</script>', '${7*7}', 'NaN', '🙂', '\uFEFF', '\uD800',
];

export type Who = 'anonymous' | 'admin' | 'planner' | 'dispatcher' | 'grid_worker' | 'bogus-cookie' | 'bogus-bearer';

export interface FuzzRequest {
  route: string;
  who: Who;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** percent-encoded, lone surrogates included (as U+FFFD) */
const encode = (value: string) => encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
/** raw path pieces a browser would never send: broken escapes, encoded slashes and NULs */
const rawPiece = fc.constantFrom('%', '%zz', '%E0%A4%A', '%2F..%2F', '%00', '..', '.', '%C0%AE');

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'true', 'false', 'null', '康乐', '独居老人', 'grids', 'csv', 'json', '2026-03-01T08:00:00+08:00', '118.1,24.4,118.2,24.5') },
);

const coordinate = fc.oneof(
  fc.tuple(fc.double({ min: 118.05, max: 118.15, noNaN: true }), fc.double({ min: 24.45, max: 24.55, noNaN: true })),
  fc.tuple(fc.double(), fc.double()),
  fc.tuple(fc.integer({ min: -181, max: 181 }), fc.integer({ min: -91, max: 91 })),
);
const ring = fc.array(coordinate, { maxLength: 9 }).map((points) => (points.length > 2 && points.length % 2 ? [...points, points[0]] : points));
const geometry = fc.oneof(
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(ring, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('MultiPolygon'), coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 3 }) }),
  fc.record({ type: fc.constantFrom('Point', 'LineString', 'GeometryCollection', 'Bogus'), coordinates: fc.jsonValue({ maxDepth: 2 }) }),
);
const feature = fc.record({
  type: fc.constantFrom('Feature', 'feature'),
  geometry: fc.oneof(geometry, fc.constant(null)),
  properties: fc.record({ id: fc.oneof(fc.integer({ min: -2, max: 60 }), text), level: fc.integer({ min: -1, max: 7 }), parent_id: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 60 })), households: fc.integer() }, { requiredKeys: [] }),
}, { requiredKeys: ['type'] });
const featureCollection = fc.record({ type: fc.constantFrom('FeatureCollection', 'Feature'), features: fc.array(feature, { maxLength: 5 }) }, { requiredKeys: ['type'] });

/** a value for a schema property: mostly of its declared type, sometimes anything */
function valueFor(schema: Record<string, unknown> | undefined): fc.Arbitrary<unknown> {
  const type = schema?.type;
  const types = Array.isArray(type) ? type : [type];
  const typed: fc.Arbitrary<unknown>[] = [];
  if (schema?.enum) typed.push(fc.constantFrom(...(schema.enum as unknown[])));
  if (types.includes('integer') || types.includes('number')) typed.push(fc.integer({ min: -3, max: 70 }), fc.double());
  if (types.includes('string')) typed.push(text);
  if (types.includes('boolean')) typed.push(fc.boolean());
  if (types.includes('array')) typed.push(fc.array(fc.oneof(text, fc.integer()), { maxLength: 4 }));
  if (types.includes('object')) typed.push(featureCollection, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
  if (!typed.length) typed.push(text, fc.jsonValue({ maxDepth: 2 }), featureCollection);
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...typed) }, { weight: 1, arbitrary: fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.constant(null)) });
}

const propertiesOf = (schema: unknown): Record<string, Record<string, unknown>> =>
  ((schema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {});

function queryFor(route: RouteAccess): fc.Arbitrary<string> {
  const known = Object.entries(propertiesOf(route.schema?.querystring));
  const pair = fc.oneof(
    ...(known.length ? [fc.constantFrom(...known).chain(([name, schema]) => valueFor(schema).map((v) => [name, typeof v === 'string' ? v : JSON.stringify(v)] as const))] : []),
    fc.tuple(fc.oneof(text, fc.constantFrom('q', 'grid', 'limit', 'lon', 'lat')), text),
  );
  return fc.array(pair, { maxLength: known.length + 2 }).map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString());
}

function pathFor(url: string): fc.Arbitrary<string> {
  const parts = url.split('/');
  return fc.tuple(...parts.map((part) => {
    if (part === '*') return fc.oneof(text.map(encode), rawPiece, fc.constantFrom('index.html', 'x/y', ''));
    if (!part.includes(':')) return fc.constant(part);
    // ':layer.json' and ':id' alike: replace each parameter, keep any literal suffix
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('1', '2', '9', '14', '13717', '6899', 'grids', 'buildings', 'events', '999999') },
      { weight: 2, arbitrary: text.map(encode) },
      { weight: 1, arbitrary: rawPiece },
    ).map((value) => part.replace(/:\w+/, value));
  })).map((segments) => segments.join('/'));
}

const CONTENT_TYPES = ['application/json', 'text/csv', 'application/x-ndjson', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=xyz', 'application/json; charset=gbk'];

function bodyFor(route: RouteAccess): fc.Arbitrary<{ contentType: string; payload: string } | undefined> {
  if (route.method === 'GET' || route.method === 'DELETE') return fc.constant(undefined);
  const body = route.schema?.body as Record<string, unknown> | undefined;
  const content = (body?.content as Record<string, { schema?: unknown }> | undefined)?.['application/json']?.schema ?? body;
  const known = Object.entries(propertiesOf(content));
  const object = known.length
    ? fc.tuple(...known.map(([name, schema]) => fc.option(valueFor(schema).map((v) => [name, v] as const), { freq: 3 })), fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))))
      .map(([...entries]) => Object.fromEntries(entries.filter((e): e is readonly [string, unknown] => e !== null)))
    : fc.oneof(featureCollection, fc.jsonValue({ maxDepth: 3 }));
  const csv = fc.tuple(fc.array(fc.array(fc.oneof(text, fc.constantFrom('building_id', 'name', '姓名', 'address', 'id_number', '1', '"', '""')), { maxLength: 5 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
    .map(([rows, newline]) => rows.map((r) => r.join(',')).join(newline));
  return fc.oneof(
    { weight: 5, arbitrary: object.map((o) => ({ contentType: 'application/json', payload: JSON.stringify(o) })) },
    { weight: 1, arbitrary: fc.tuple(object, fc.nat()).map(([o, n]) => { const s = JSON.stringify(o); return { contentType: 'application/json', payload: s.slice(0, n % (s.length + 1)) }; }) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.oneof(csv, text, fc.jsonValue().map((v) => JSON.stringify(v)))).map(([contentType, payload]) => ({ contentType, payload })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export function requestArbitrary(routes: RouteAccess[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) =>
    fc.record({
      who: fc.constantFrom<Who>('anonymous', 'admin', 'admin', 'planner', 'dispatcher', 'grid_worker', 'grid_worker', 'bogus-cookie', 'bogus-bearer'),
      path: pathFor(route.url),
      query: fc.oneof({ weight: 3, arbitrary: queryFor(route) }, { weight: 1, arbitrary: fc.constant('') }),
      body: bodyFor(route),
      extraHeaders: fc.dictionary(fc.constantFrom('accept', 'if-none-match', 'idempotency-key', 'if-match', 'x-forwarded-for'), text.map((t) => t.replace(/[^\x20-\x7e]/g, '')), { maxKeys: 2 }),
    }).map(({ who, path, query, body, extraHeaders }) => ({
      route: `${route.method} ${route.url}`,
      who,
      method: route.method,
      url: query ? `${path}?${query}` : path,
      headers: { ...extraHeaders, ...(body ? { 'content-type': body.contentType } : {}) },
      payload: body?.payload,
    })),
  );
}

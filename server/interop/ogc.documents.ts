// The documents of OGC API – Features Part 1 (landing page, conformance, collections, items), with the
// links clients navigate by. Pure: URLs come in, JSON goes out.
import type { OgcCollection } from './ogc.collections.ts';
import type { Interval, ItemsQuery } from './ogc.query.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';

export interface Extent {
  bbox: [number, number, number, number] | null;
  interval: [string | null, string | null] | null;
}

/** base: the /ogc URL as the client reached it, e.g. https://wangge.example.cn/ogc */
export function landingPage(base: string, openApiUrl: string) {
  return {
    title: 'Wangge 网格 — OGC API Features',
    description: 'Grids (社区 / 网格 / 楼组), buildings and events of the published generation, in WGS84 longitude/latitude (CRS84).',
    links: [
      { href: base, rel: 'self', type: JSON_TYPE, title: 'this document' },
      { href: openApiUrl, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
      { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'feature collections' },
    ] satisfies Link[],
  };
}

export function collectionDocument(base: string, collection: OgcCollection, extent: Extent) {
  const href = `${base}/collections/${collection.id}`;
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [extent.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
      ...(extent.interval ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: collection.title },
      { href: `${href}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${collection.title}: features` },
    ] satisfies Link[],
  };
}

export function collectionsDocument(base: string, collections: Array<ReturnType<typeof collectionDocument>>) {
  return {
    links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'feature collections' }] satisfies Link[],
    collections,
  };
}

const formatInstant = (d: Date | null) => (d ? d.toISOString() : '..');

/** the query string of a page, so next/prev keep the caller's filters */
function pageQuery(query: ItemsQuery, offset: number): string {
  const params = new URLSearchParams();
  if (query.bbox) params.set('bbox', query.bbox.join(','));
  if (query.datetime) params.set('datetime', datetimeText(query.datetime));
  params.set('limit', String(query.limit));
  params.set('offset', String(offset));
  return params.toString();
}

function datetimeText(interval: Interval): string {
  if (interval.start && interval.end && interval.start.getTime() === interval.end.getTime()) return interval.start.toISOString();
  return `${formatInstant(interval.start)}/${formatInstant(interval.end)}`;
}

export function itemsDocument(base: string, collection: OgcCollection, query: ItemsQuery, features: unknown[], numberMatched: number) {
  const href = `${base}/collections/${collection.id}/items`;
  const links: Link[] = [
    { href: `${href}?${pageQuery(query, query.offset)}`, rel: 'self', type: GEOJSON_TYPE, title: 'this page' },
    { href: `${base}/collections/${collection.id}`, rel: 'collection', type: JSON_TYPE, title: collection.title },
  ];
  if (query.offset + features.length < numberMatched) {
    links.push({ href: `${href}?${pageQuery(query, query.offset + query.limit)}`, rel: 'next', type: GEOJSON_TYPE, title: 'next page' });
  }
  if (query.offset > 0) {
    links.push({ href: `${href}?${pageQuery(query, Math.max(0, query.offset - query.limit))}`, rel: 'prev', type: GEOJSON_TYPE, title: 'previous page' });
  }
  return {
    type: 'FeatureCollection',
    timeStamp: new Date().toISOString(),
    numberMatched,
    numberReturned: features.length,
    features,
    links,
  };
}

export function itemDocument(base: string, collection: OgcCollection, feature: { id: unknown } & Record<string, unknown>) {
  const href = `${base}/collections/${collection.id}/items/${feature.id}`;
  return {
    ...feature,
    links: [
      { href, rel: 'self', type: GEOJSON_TYPE, title: 'this feature' },
      { href: `${base}/collections/${collection.id}`, rel: 'collection', type: JSON_TYPE, title: collection.title },
    ] satisfies Link[],
  };
}

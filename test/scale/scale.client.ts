// What the scale and fault tests ask a running server process over HTTP: a lookup, the tile a
// TileJSON advertises, a plan that renames one grid and its publication; and a stopwatch for "how
// long until another process sees it".
import { decodeTile } from '../routes/tiles/mvt.decode.ts';
import { tileOf, type TileCoords } from '../../server/tiles/tile.coords.ts';
import type { Db } from '../../server/db/db.ts';

export interface Probe {
  id: number;
  name: string;
  lon: number;
  lat: number;
  tile: TileCoords;
}

/** A deepest-level grid of the current generation and a point inside it. */
export async function probeGrid(db: Db): Promise<Probe> {
  const { rows: [g] } = await db.query<{ id: number; name: string; lon: number; lat: number }>(
    `select id, name, ST_X(p) as lon, ST_Y(p) as lat from (
       select id, name, code, ST_PointOnSurface(geom) as p from grid
        where valid_to is null and level = (select max(level) from grid where valid_to is null)) g
      order by code limit 1`,
  );
  return { ...g, tile: tileOf(g.lon, g.lat, 16) };
}

/** The deepest grid's name at the probe's point, from /api/lookup. */
export async function lookupName(base: string, p: Probe): Promise<string | undefined> {
  const res = await fetch(`${base}/api/lookup?lon=${p.lon}&lat=${p.lat}`);
  if (!res.ok) return undefined;
  const { grids } = (await res.json()) as { grids: Array<{ name: string }> };
  return grids.at(-1)?.name;
}

/** The probe grid's name in the tile at the URL the layer's TileJSON advertises now, and that URL. */
export async function tileName(base: string, p: Probe): Promise<{ name: string | undefined; url: string; cacheControl: string | null }> {
  const doc = (await (await fetch(`${base}/tiles/grids.json`)).json()) as { tiles: string[] };
  const { z, x, y } = p.tile;
  const url = doc.tiles[0].replace('{z}', `${z}`).replace('{x}', `${x}`).replace('{y}', `${y}`);
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const name = res.status === 200 ? decodeTile(bytes).grids?.find((f) => f.id === p.id)?.properties.name : undefined;
  return { name: name as string | undefined, url, cacheControl: res.headers.get('cache-control') };
}

/** ms from now until `check` holds, polling every 10 ms; throws after `limitMs`. */
export async function msUntil(check: () => Promise<boolean>, limitMs = 5000, started = performance.now()): Promise<number> {
  while (performance.now() - started < limitMs) {
    if (await check().catch(() => false)) return Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not within ${limitMs} ms`);
}

/** POST /api/auth/login; the Cookie header value. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('wangge_session='))!;
}

/** Opens a whole-street plan and renames one grid in it; the plan's id. */
export async function planRenaming(base: string, cookie: string, gridId: number, name: string): Promise<number> {
  const json = { 'content-type': 'application/json', cookie };
  const created = await fetch(`${base}/api/plans`, { method: 'POST', headers: json, body: JSON.stringify({ name: `rename ${gridId}` }) });
  if (created.status !== 201) throw new Error(`open plan: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  const grid = await fetch(`${base}/api/plans/${id}/grids/${gridId}`, { headers: { cookie } });
  const put = await fetch(`${base}/api/plans/${id}/grids/${gridId}`, {
    method: 'PUT', headers: { ...json, 'if-match': grid.headers.get('etag')! }, body: JSON.stringify({ name }),
  });
  if (!put.ok) throw new Error(`rename in plan: ${put.status} ${await put.text()}`);
  return id;
}

export function publish(base: string, cookie: string, planId: number): Promise<Response> {
  return fetch(`${base}/api/plans/${planId}/publish`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ force_reason: 'scale test: the demo may carry warnings' }),
  });
}

// Shared helpers for the events tests: points in the kangle district and reports made through the API.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../server/db/db.ts';

export interface Ctx { app: FastifyInstance; db: Db }

/** An interior point of the level-2 grid with the lowest code (the default test grid worker's grid). */
export async function pointInFirstGrid(db: Db): Promise<{ lon: number; lat: number; grid_id: number; worker_id: number }> {
  const { rows } = await db.query<{ lon: number; lat: number; id: number; worker_id: number }>(
    `select ST_X(p) as lon, ST_Y(p) as lat, g.id, g.worker_id from grid g, ST_PointOnSurface(g.geom) as p
      where g.valid_to is null and g.level = 2 and g.worker_id is not null order by g.code limit 1`);
  return { lon: Number(rows[0].lon), lat: Number(rows[0].lat), grid_id: Number(rows[0].id), worker_id: Number(rows[0].worker_id) };
}

export const report = (ctx: Ctx, body: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/events', payload: body, headers });

export const basicReport = (lon: number, lat: number, extra: object = {}) => ({
  category: '市容环境', subcategory: '暴露垃圾', description: '小区门口有垃圾堆放', source: 'app', location: { lon, lat },
  reporter: { name: '张三测试', phone: '13900001111' }, ...extra,
});

export async function count(db: Db, table = 'event'): Promise<number> {
  return Number((await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n);
}

/** A multipart body by hand, so malformed ones can be made as well. */
export function multipart(parts: Array<{ name: string; filename?: string; type?: string; data: Buffer | string }>, boundary = 'wanggeBoundary42'): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest valid PNG (1×1). */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5ab5c7d0000000049454e44ae426082', 'hex');

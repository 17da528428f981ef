// The grid card of a demo grid, as a planner prints it: a one-page A4 PDF with the grid's name, code,
// people and compounds (text extracted with pdftotext when poppler is installed), the same page as a
// PNG, and a grid worker limited to their own grids. The rendered PDF page is kept as
// test/screenshots/grid-card.png for a person to look at.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../helpers/db.ts';
import { useApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';

const run = promisify(execFile);
const hasPoppler = fs.existsSync('/usr/bin/pdftotext') && fs.existsSync('/usr/bin/pdftoppm');
const screenshot = path.resolve(import.meta.dirname, '../../screenshots/grid-card.png');

for (const backend of backends) {
  describe(`grid card (${backend})`, () => {
    const ctx = useApp(backend, 'kangle');
    let planner: string;
    let grid: { id: number; code: string; name: string; households: number; worker: string; phone: string };

    beforeAll(async () => {
      planner = await loginAs(ctx, 'planner');
      grid = (await ctx.db.query<typeof grid>(
        `select g.id, g.code, g.name, g.households, s.name worker, s.public_phone phone from grid g join staff s on s.id = g.worker_id
          where g.valid_to is null and g.level = 2 order by g.code limit 1`,
      )).rows[0];
      // the demo names no police or patrol: name them for the grid's community, as an admin would
      const community = (await ctx.db.query<{ parent_id: number }>('select parent_id from grid where id = $1 and valid_to is null', [grid.id])).rows[0].parent_id;
      const staff = (await ctx.db.query<{ id: number; role: string }>(
        `insert into staff (name, role, public_phone, office_place) values ('林警官', 'police', '0592-5550110', '康乐社区警务室'), ('陈巡查', 'patrol', '0592-5550220', null) returning id, role`,
      )).rows;
      for (const s of staff) await ctx.db.query('insert into grid_contact (grid_id, staff_id, role) values ($1, $2, $3)', [community, s.id, s.role]);
    });

    it('prints one A4 page with the grid, its people and its compounds', async () => {
      const res = await ctx.app.inject({ url: `/api/grids/${grid.id}/card.pdf`, headers: { cookie: planner } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      if (!hasPoppler) return console.warn('pdftotext/pdftoppm not installed (poppler-utils): the card was not read back');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-card-'));
      const pdf = path.join(dir, 'card.pdf');
      fs.writeFileSync(pdf, res.rawPayload);
      const info = (await run('pdfinfo', [pdf])).stdout;
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout;
      for (const expected of [grid.name, grid.code, grid.worker, grid.phone, '网格长', '林警官', '0592-5550110', '陈巡查', '户数', grid.households.toLocaleString('en-US'), '物业电话']) {
        expect(text, expected).toContain(expected);
      }
      // the compounds of the grid with their property company
      const compound = (await ctx.db.query<{ name: string; property_company: string }>(
        `select c.name, c.property_company from compound c join building b on b.compound_id = c.id join grid g on g.id = $1 and g.valid_to is null and ST_Contains(g.geom, b.geom)
          where c.property_company is not null group by c.id order by sum(b.households) desc limit 1`, [grid.id],
      )).rows[0];
      if (compound) expect(text).toContain(compound.name);
      if (backend === 'pglite') {
        await run('pdftoppm', ['-png', '-r', '110', '-singlefile', pdf, path.join(dir, 'card')]);
        fs.mkdirSync(path.dirname(screenshot), { recursive: true });
        fs.copyFileSync(path.join(dir, 'card.png'), screenshot);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('draws the same card as a PNG', async () => {
      if (!fs.existsSync('/usr/bin/chromium')) return console.warn('Chromium is not installed: card.png not tested');
      const res = await ctx.app.inject({ url: `/api/grids/${grid.id}/card.png`, headers: { cookie: planner } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const png = res.rawPayload;
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // A4 at 150 dpi
      expect(Math.abs(png.readUInt32BE(16) - 1240)).toBeLessThan(4);
      expect(Math.abs(png.readUInt32BE(20) - 1754)).toBeLessThan(4);
    }, 60_000);

    it('lets a grid worker print their own grid and no other; anonymous callers none', async () => {
      const worker = await loginAs(ctx, 'grid_worker');
      expect((await ctx.app.inject({ url: `/api/grids/${grid.id}/card.pdf`, headers: { cookie: worker } })).statusCode).toBe(200);
      const other = (await ctx.db.query<{ id: number }>('select id from grid where valid_to is null and level = 2 and id <> $1 order by code limit 1', [grid.id])).rows[0];
      const refused = await ctx.app.inject({ url: `/api/grids/${other.id}/card.pdf`, headers: { cookie: worker } });
      expect(refused.statusCode).toBe(403);
      expect((await ctx.app.inject({ url: `/api/grids/${grid.id}/card.pdf` })).statusCode).toBe(401);
      expect((await ctx.app.inject({ url: '/api/grids/999999/card.pdf', headers: { cookie: planner } })).statusCode).toBe(404);
    }, 60_000);
  });
}

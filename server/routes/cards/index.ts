// Grid cards (网格信息卡): the first page of a grid worker's notebook, as an A4 PDF (vector) or PNG.
// Planners and admins print any grid's; a grid worker prints only the grids in their scope.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { currentUser } from '../../plugins/auth.plugin.ts';
import { HttpError, notFound } from '../../plugins/errors.plugin.ts';
import { inScope } from '../../auth/grid.scope.ts';
import { loadGridCard, type GridCardData } from '../../interop/grid.card.data.ts';
import { findCardFont, type CardFont } from '../../interop/grid.card.fonts.ts';
import { gridCardPdf } from '../../interop/grid.card.pdf.ts';
import { cardPngRenderer } from '../../interop/grid.card.png.ts';
import { gridCardSvg } from '../../interop/grid.card.svg.ts';

const printers = { access: ['planner', 'admin', 'grid_worker'] } as const;
const params = { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } } as const;

const cards: FastifyPluginAsync = async (app) => {
  const png = cardPngRenderer();
  app.addHook('onClose', () => png.close());

  async function cardOf(request: FastifyRequest<{ Params: { id: number } }>): Promise<{ data: GridCardData; font: CardFont }> {
    const user = currentUser(request);
    const id = request.params.id;
    const data = await loadGridCard(app.db, id);
    if (!data) throw notFound(`grid ${id} does not exist in the current generation`);
    if (!inScope(await app.auth.gridScope(user), id)) throw new HttpError(403, `grid ${id} is not one of your grids`);
    const font = findCardFont();
    if (!font) throw new HttpError(503, 'no CJK font is installed for grid cards: install fonts-noto-cjk');
    return { data, font };
  }

  const fileName = (data: GridCardData, ext: string) => `grid-card-${data.grid.code}.${ext}`;

  app.get<{ Params: { id: number } }>('/api/grids/:id/card.pdf', {
    config: printers,
    schema: {
      summary: 'The grid card (网格信息卡) as an A4 PDF: map, code and name, worker, leader, police and patrol contacts, compounds with property management, households, population, area',
      tags: ['grids'],
      params,
    },
  }, async (request, reply) => {
    const { data, font } = await cardOf(request);
    const pdf = await gridCardPdf(data, font);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName(data, 'pdf')}"`).header('cache-control', 'no-store').send(pdf);
  });

  app.get<{ Params: { id: number } }>('/api/grids/:id/card.png', {
    config: printers,
    schema: { summary: 'The grid card as a PNG (A4 at 150 dpi), the same page as card.pdf', tags: ['grids'], params },
  }, async (request, reply) => {
    const { data, font } = await cardOf(request);
    let image: Buffer;
    try {
      image = await png.render(gridCardSvg(data, font));
    } catch (err) {
      request.log.error({ err }, 'grid card: Chromium could not draw the PNG');
      throw new HttpError(503, 'the PNG card needs Chromium (/usr/bin/chromium), which could not start; card.pdf works without it');
    }
    return reply.type('image/png').header('content-disposition', `inline; filename="${fileName(data, 'png')}"`).header('cache-control', 'no-store').send(image);
  });
};

export default cards;

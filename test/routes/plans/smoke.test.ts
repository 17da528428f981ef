import { it } from 'vitest';
import { useApp } from '../../helpers/app.ts';
const ctx = useApp('pglite', 'kangle');
const actor = { name: 't', user_id: null, role: null, ip: null };
it('smoke', async () => {
  const top = (await ctx.app.inject('/api/grids?level=1')).json().features;
  const p = await ctx.app.plans.open({ name: 'x', scope_grid_id: top[0].id }, actor);
  const leaf = (await ctx.app.plans.grids(p.id, { level: 3 })).features[0] as any;
  await ctx.app.plans.remove(p.id, leaf.id, 1, actor);
  const ring = leaf.geometry.coordinates[0][0]; const xs = ring.map((q: number[]) => q[0]); const ys = ring.map((q: number[]) => q[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 0.002, Math.max(...xs) + 0.002, Math.min(...ys) - 0.002, Math.max(...ys) + 0.002];
  const drawn: any = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
  const r1 = await ctx.app.plans.addGrid(p.id, { parent_id: leaf.properties.parent_id, geometry: drawn }, actor);
  console.log(r1.ids);
  try { await ctx.app.plans.addGrid(p.id, { parent_id: leaf.properties.parent_id, geometry: drawn }, actor); } catch (e: any) { console.log('ADD2', e.message, e.query); }
});

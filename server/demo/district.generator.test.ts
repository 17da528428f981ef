import { describe, expect, it } from 'vitest';
import Flatbush from 'flatbush';
import type { MultiPolygon, Position } from 'geojson';
import { generateDistrict, presetNames, referenceTime } from './district.generator.ts';
import type { District, GridRow } from './district.types.ts';

// ---- exactness on the final coordinates -------------------------------------------------------------

/**
 * The boundary of a set of polygons as a signed edge chain: each unit segment counts +1 in one direction
 * and −1 in the other. Children cover their parent exactly, with no overlap, precisely when the sum of
 * their chains equals the parent's chain (shared edges cancel) — a check on the bit-identical vertices,
 * without any floating-point geometry.
 */
function chain(geoms: Array<{ coordinates: Position[][][] }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of geoms) {
    for (const polygon of g.coordinates) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = `${ring[i][0]},${ring[i][1]}`;
          const b = `${ring[i + 1][0]},${ring[i + 1][1]}`;
          const [key, sign] = a < b ? [`${a}|${b}`, 1] : [`${b}|${a}`, -1];
          const next = (out.get(key) ?? 0) + sign;
          if (next === 0) out.delete(key);
          else out.set(key, next);
        }
      }
    }
  }
  return out;
}

function expectExactCover(parent: { coordinates: Position[][][] }, children: Array<{ coordinates: Position[][][] }>, label: string) {
  const p = chain([parent]);
  const c = chain(children);
  const differing = [...new Set([...p.keys(), ...c.keys()])].filter((k) => p.get(k) !== c.get(k));
  expect(differing.slice(0, 3), `${label}: children and parent boundaries differ`).toEqual([]);
}

function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function contains(mp: MultiPolygon, [x, y]: Position): boolean {
  return mp.coordinates.some((polygon) => ringContains(polygon[0], x, y) && !polygon.slice(1).some((hole) => ringContains(hole, x, y)));
}

/** Distance in metres from a point to the nearest edge of a polygon set (local equirectangular). */
function metresToBoundary(mp: MultiPolygon, [x, y]: Position): number {
  const kx = 111_320 * Math.cos((y * Math.PI) / 180);
  const ky = 110_574;
  let best = Infinity;
  for (const polygon of mp.coordinates) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i][0] - x) * kx;
        const ay = (ring[i][1] - y) * ky;
        const bx = (ring[i + 1][0] - x) * kx;
        const by = (ring[i + 1][1] - y) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
    }
  }
  return best;
}

function gridIndex(grids: GridRow[]) {
  const index = new Flatbush(grids.length);
  for (const g of grids) {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of g.geom.coordinates) for (const [x, y] of polygon[0]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    index.add(x0, y0, x1, y1);
  }
  index.finish();
  return (p: Position) => index.search(p[0], p[1], p[0], p[1]).map((i) => grids[i]).filter((g) => contains(g.geom, p));
}

// ---- shared checks for every preset -----------------------------------------------------------------

function checkDistrict(d: District) {
  const byId = new Map(d.grids.map((g) => [g.id, g]));
  const level = (n: number) => d.grids.filter((g) => g.level === n);
  const children = (g: GridRow) => d.grids.filter((c) => c.parent_id === g.id);

  it('covers every parent exactly with its children, and the street with its communities', () => {
    const boundaries = d.basemap.filter((f) => f.kind === 'boundary');
    expect(boundaries.length).toBeGreaterThan(0);
    const street = boundaries.map((f) => (f.geom.type === 'Polygon' ? { coordinates: [f.geom.coordinates] } : { coordinates: (f.geom as MultiPolygon).coordinates }));
    expectExactCover({ coordinates: street.flatMap((s) => s.coordinates) }, level(1).map((g) => g.geom), 'street');
    for (const g of [...level(1), ...level(2)]) expectExactCover(g.geom, children(g).map((c) => c.geom), g.code);
  });

  it('codes nest per DB11 and names read like real grids', () => {
    const codes = new Set(d.grids.map((g) => g.code));
    expect(codes.size).toBe(d.grids.length);
    for (const g of d.grids) {
      expect(g.code).toMatch(new RegExp(`^\\d{${9 + 3 * g.level}}$`));
      if (g.level === 1) {
        expect(g.parent_id).toBeNull();
        expect(g.name).toMatch(/社区$/);
      } else {
        const parent = byId.get(g.parent_id!)!;
        expect(parent.level).toBe(g.level - 1);
        expect(g.code.slice(0, -3)).toBe(parent.code);
        if (g.level === 2) expect(g.name).toMatch(new RegExp(`^${parent.name}第\\d+网格$`));
        else expect(g.name).toMatch(/楼组$/);
      }
    }
  });

  it('puts every building point strictly inside exactly one building group, away from its edges', () => {
    const find = gridIndex(level(3));
    const inGroup = new Map<number, { households: number; population: number }>();
    let closest = Infinity;
    for (const b of d.buildings) {
      const hits = find(b.geom.coordinates);
      expect(hits, b.name).toHaveLength(1);
      closest = Math.min(closest, metresToBoundary(hits[0].geom, b.geom.coordinates));
      const t = inGroup.get(hits[0].id) ?? { households: 0, population: 0 };
      if (b.kind === 'residential') {
        t.households += b.households;
        t.population += b.population;
      }
      inGroup.set(hits[0].id, t);
    }
    expect(closest).toBeGreaterThan(2);
    // grid totals are the sums of the residential buildings inside, at every level
    for (const g of level(3)) expect([g.households, g.population], g.code).toEqual([inGroup.get(g.id)?.households ?? 0, inGroup.get(g.id)?.population ?? 0]);
    for (const g of [...level(1), ...level(2)]) {
      const c = children(g);
      expect(g.households).toBe(c.reduce((a, x) => a + x.households, 0));
      expect(g.population).toBe(c.reduce((a, x) => a + x.population, 0));
    }
  });

  it('gives every grid a worker: a leader per community, one grid worker per grid, shared by its building groups', () => {
    const staff = new Map(d.staff.map((s) => [s.id, s]));
    for (const g of level(1)) expect(staff.get(g.worker_id!)?.role).toBe('grid_leader');
    const workers = level(2).map((g) => g.worker_id);
    expect(new Set(workers).size).toBe(workers.length);
    for (const g of level(2)) expect(staff.get(g.worker_id!)?.role).toBe('grid_worker');
    for (const g of level(3)) expect(g.worker_id).toBe(byId.get(g.parent_id!)!.worker_id);
  });

  it('keeps personal data synthetic and recognisably fake', () => {
    const validId = (id: string) => {
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...id.slice(0, 17)].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
      return /^99\d{15}[\dX]$/.test(id) && '10X98765432'[sum % 11] === id[17];
    };
    for (const s of d.staff) {
      expect(validId(s.id_number), s.id_number).toBe(true);
      expect(s.public_phone).toMatch(/^1380000\d{4}$/);
      expect(s.private_phone).toMatch(/^1390000\d{4}$/);
      expect(s.office_hours).toBe('周一至周五 8:30-17:30');
    }
    for (const r of d.residents) expect(validId(r.id_number), r.id_number).toBe(true);
    for (const e of d.events) if (e.reporter) expect(e.reporter.phone).toMatch(/^1370000\d{4}$/);
    expect(d.note).toMatch(/^示例数据 demo preset/);
    expect(d.basemap.find((f) => f.kind === 'boundary')!.name).toMatch(/示例数据/);
  });

  it('names compounds uniquely and buildings after their compound, with a street address', () => {
    const names = d.compounds.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const compound = new Map(d.compounds.map((c) => [c.id, c]));
    for (const b of d.buildings) {
      expect(b.address).toMatch(/\d+号/);
      if (b.kind === 'residential') {
        const c = compound.get(b.compound_id!)!;
        expect(b.name).toMatch(new RegExp(`^${c.name}\\d+栋$`));
        expect(b.address).toBe(`${c.address}${b.name}`);
        // every household has somebody in it
        expect(b.population).toBeGreaterThanOrEqual(b.households);
      } else expect(b.households).toBe(0);
      expect(contains({ type: 'MultiPolygon', coordinates: [b.footprint!.coordinates] }, b.geom.coordinates), b.name).toBe(true);
    }
    const residential = d.buildings.filter((b) => b.kind === 'residential');
    const ratio = residential.reduce((a, b) => a + b.population, 0) / residential.reduce((a, b) => a + b.households, 0);
    expect(ratio).toBeGreaterThan(2.6);
    expect(ratio).toBeLessThan(2.85);
  });

  it('draws a named road network, blocks, green and a boundary as the basemap', () => {
    const kinds = new Set(d.basemap.map((f) => f.kind));
    for (const k of ['arterial', 'branch', 'block', 'water', 'green', 'boundary', 'path'] as const) expect(kinds, k).toContain(k);
    for (const f of d.basemap.filter((f) => f.kind === 'arterial' || f.kind === 'branch')) {
      expect(f.geom.type).toBe('LineString');
      expect(f.name).toMatch(/(路|街|大街|大道)$/);
    }
    const ids = d.basemap.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('records events in their grid, walked through the closed loop in order', () => {
    expect(new Set(d.events.map((e) => e.status)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(d.events.map((e) => e.category))).toEqual(new Set(['市容环境', '宣传广告', '施工管理', '街面秩序', '突发事件', '其他事件']));
    expect(new Set(d.events.map((e) => e.source))).toEqual(new Set(['app', 'hotline', 'patrol']));
    const find = gridIndex(level(3));
    const ref = Date.parse(d.referenceTime);
    const loop = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'feedback', 'closed', 'evaluated'];
    for (const e of d.events) {
      const [group] = find(e.geom.coordinates);
      expect(group.id).toBe(e.grid_id);
      const grid = byId.get(group.parent_id!)!;
      expect(e.grid_ids).toEqual([grid.parent_id, grid.id, group.id]);
      expect(e.worker_id).toBe(grid.worker_id);
      const reported = Date.parse(e.reported_at);
      expect(reported).toBeLessThanOrEqual(ref);
      expect(reported).toBeGreaterThan(ref - 90 * 86_400_000);
      expect(e.log[0]).toMatchObject({ from_status: null, to_status: 'reported', at: e.reported_at });
      e.log.forEach((l, i) => {
        expect(loop.indexOf(l.to_status)).toBe(i);
        if (i > 0) {
          expect(l.from_status).toBe(e.log[i - 1].to_status);
          expect(Date.parse(l.at)).toBeGreaterThanOrEqual(Date.parse(e.log[i - 1].at));
        }
        expect(Date.parse(l.at)).toBeLessThanOrEqual(ref);
      });
      expect(e.log[e.log.length - 1].to_status).toBe(e.status);
      expect(e.closed_at !== null).toBe(e.status === 'closed' || e.status === 'evaluated');
      expect(e.satisfaction !== null).toBe(e.status === 'evaluated');
      expect(e.reporter === null).toBe(e.source === 'patrol');
      expect(Object.keys(e.due)).toEqual(['arrive', 'solve', 'feedback', 'acceptance']);
    }
  });
}

// ---- presets ------------------------------------------------------------------------------------------

describe('kangle', () => {
  const d = generateDistrict('kangle');

  it('is one community of 7 grids over 9 residential compounds and 4 dormitories, ≈ 2,000 households', () => {
    expect(d.stats.gridsPerLevel).toEqual([1, 7, 48]);
    expect(d.compounds.filter((c) => c.kind === 'residential')).toHaveLength(9);
    expect(d.compounds.filter((c) => c.kind === 'dormitory')).toHaveLength(4);
    expect(d.stats.households).toBeGreaterThan(1900);
    expect(d.stats.households).toBeLessThan(2100);
    expect(d.grids[0].name).toBe('康乐社区');
    expect(d.grids[0].code).toMatch(/^350206/);
    for (const g of d.grids.filter((g) => g.level === 2)) {
      expect(g.households).toBeGreaterThan(150);
      expect(g.households).toBeLessThan(450);
    }
    const kinds = new Set(d.buildings.map((b) => b.kind));
    expect(kinds).toEqual(new Set(['residential', 'unit', 'shop']));
  });

  it('carries one household row per household and one resident row per person', () => {
    expect(d.households).toHaveLength(d.stats.households);
    expect(d.residents).toHaveLength(d.stats.population);
    const perBuilding = new Map<number, number>();
    for (const h of d.households) perBuilding.set(h.building_id, (perBuilding.get(h.building_id) ?? 0) + 1);
    for (const b of d.buildings.filter((b) => b.kind === 'residential')) expect(perBuilding.get(b.id)).toBe(b.households);
  });

  checkDistrict(d);

  it('is deterministic: the same seed gives the same district, another seed another', () => {
    const again = JSON.stringify(generateDistrict('kangle'));
    expect(again).toBe(JSON.stringify(d));
    const other = generateDistrict('kangle', { seed: 2 });
    expect(other.grids[1].geom).not.toEqual(d.grids[1].geom);
    expect(other.compounds.map((c) => c.name)).not.toEqual(d.compounds.map((c) => c.name));
    expect(other.stats.gridsPerLevel).toEqual([1, 7, 48]);
  });

  it('dates events from the seed, not the clock, unless told otherwise', () => {
    expect(d.referenceTime).toBe(referenceTime(1).toISOString());
    expect(referenceTime(1).toISOString()).toBe('2025-06-01T16:00:00.000Z');
    const now = new Date('2026-01-15T00:00:00Z');
    const moved = generateDistrict('kangle', { now });
    expect(moved.referenceTime).toBe(now.toISOString());
    expect(moved.grids).toEqual(d.grids);
    expect(Date.parse(moved.events[moved.events.length - 1].reported_at)).toBeGreaterThan(Date.parse('2025-10-01'));
  });

  it('refuses unknown presets and bad seeds with a message that helps', () => {
    expect(presetNames()).toEqual(['kangle', 'maigaoqiao', 'city']);
    expect(() => generateDistrict('atlantis')).toThrow(/unknown demo preset "atlantis".*kangle, maigaoqiao, city/);
    expect(() => generateDistrict('kangle', { seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe('maigaoqiao', () => {
  const d = generateDistrict('maigaoqiao');

  it('has exactly 13 communities, 255 grids and 3,052 building groups over ≈ 12.5 km², 65k households, 180k people', () => {
    expect(d.stats.gridsPerLevel).toEqual([13, 255, 3052]);
    expect(d.stats.areaKm2).toBeGreaterThan(12);
    expect(d.stats.areaKm2).toBeLessThan(13.2);
    expect(d.stats.households).toBeGreaterThan(62_000);
    expect(d.stats.households).toBeLessThan(68_000);
    expect(d.stats.population).toBeGreaterThan(170_000);
    expect(d.stats.population).toBeLessThan(190_000);
    expect(d.basemap.some((f) => f.kind === 'water' && f.name === '北十里长沟')).toBe(true);
    expect(d.grids.filter((g) => g.level === 1).map((g) => g.code.slice(0, 9))).toEqual(Array(13).fill('320113004'));
    // grids of about 300 households: most within a factor of two of the mean
    const l2 = d.grids.filter((g) => g.level === 2).map((g) => g.households);
    const mean = l2.reduce((a, b) => a + b, 0) / l2.length;
    expect(l2.filter((h) => h > mean / 2 && h < mean * 2).length / l2.length).toBeGreaterThan(0.95);
    // and building groups mostly hold homes
    expect(d.grids.filter((g) => g.level === 3 && g.households === 0).length).toBeLessThan(0.1 * 3052);
    expect(d.stats.multipartGrids).toBe(0);
  });

  checkDistrict(d);
});

// The city preset takes tens of seconds to generate; benchmarks use it. WANGGE_TEST_CITY=1 runs it here.
describe.runIf(process.env.WANGGE_TEST_CITY === '1')('city', () => {
  it('has at least 20,000 building groups and 500,000 buildings', () => {
    const d = generateDistrict('city');
    expect(d.stats.gridsPerLevel[2]).toBeGreaterThanOrEqual(20_000);
    expect(d.buildings.length).toBeGreaterThanOrEqual(500_000);
    expect(d.households).toEqual([]);
    const byId = new Map(d.grids.map((g) => [g.id, g]));
    for (const g of d.grids.filter((g) => g.level < 3)) expectExactCover(g.geom, d.grids.filter((c) => c.parent_id === g.id).map((c) => c.geom), g.code);
    expect(byId.size).toBe(d.grids.length);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { buildTileJson, fitZoom, WORLD_BOUNDS } from './tilejson.builder.ts';
import { basemapLayer } from './basemap.layer.ts';
import { gridsLayer } from './grids.layer.ts';

describe('TileJSON', () => {
  it('advertises one absolute, revisioned tile URL and every MVT layer with its fields', () => {
    const doc = buildTileJson(basemapLayer, { baseUrl: 'https://wangge.example.cn', revision: 42, bounds: [118.1, 24.48, 118.12, 24.5] });
    expect(doc.tiles).toEqual(['https://wangge.example.cn/tiles/basemap/42/{z}/{x}/{y}.mvt']);
    expect(doc.vector_layers.map((l) => l.id)).toEqual(['water', 'green', 'blocks', 'roads', 'boundaries']);
    expect(doc.vector_layers.find((l) => l.id === 'roads')!.fields).toEqual({ kind: expect.stringMatching(/arterial, branch, path/), name: expect.any(String) });
    expect(doc.center.slice(0, 2)).toEqual([118.11, 24.49]);
  });

  it('falls back to the whole world, opened at the layer’s minzoom, when there is no data', () => {
    const doc = buildTileJson(gridsLayer, { baseUrl: 'http://localhost:3000', revision: 0, bounds: null });
    expect(doc.bounds).toEqual(WORLD_BOUNDS);
    expect(doc.center).toEqual([0, 0, gridsLayer.minzoom]);
  });

  it('opens at the deepest zoom that still shows all the data in a 1024-pixel map', () => {
    // 0.02° of longitude: 4 tiles hold it down to z16 (4 · 360° / 2^16 = 0.022°)
    expect(fitZoom([118.1, 24.49, 118.12, 24.495], 0, 22)).toBe(16);
    // as tall as wide in degrees is taller in Mercator (1 / cos 24.5° = 1.1): one zoom less
    expect(fitZoom([118.1, 24.48, 118.12, 24.5], 0, 22)).toBe(15);
    expect(fitZoom([118.1, 24.49, 118.12, 24.495], 0, 14)).toBe(14);
    expect(fitZoom([-180, -85, 180, 85], 8, 18)).toBe(8);
    // a single point fits any zoom
    expect(fitZoom([118.1, 24.48, 118.1, 24.48], 8, 18)).toBe(18);
  });
});

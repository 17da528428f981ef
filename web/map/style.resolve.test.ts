import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { absoluteUrl, resolveStyleUrls } from './style.resolve.ts';

const basemapStyle: StyleSpecification = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../tiles/style.json'), 'utf8'));

describe('resolveStyleUrls', () => {
  it('points every source and the glyphs of the basemap style at the serving origin', () => {
    const style = resolveStyleUrls(basemapStyle, 'http://10.1.2.3:8080/kiosk');
    expect(style.glyphs).toBe('http://10.1.2.3:8080/basemap/glyphs/{fontstack}/{range}.pbf');
    expect(Object.keys(style.sources).length).toBeGreaterThan(0);
    for (const [id, source] of Object.entries(style.sources)) {
      expect((source as { url: string }).url).toBe(`http://10.1.2.3:8080/tiles/${id}.json`);
    }
    expect(style.layers).toBe(basemapStyle.layers);
  });

  it('leaves absolute URLs and the input style alone', () => {
    const style: StyleSpecification = {
      version: 8,
      glyphs: 'https://maps.example.org/fonts/{fontstack}/{range}.pbf',
      sprite: [{ id: 'default', url: '/basemap/sprite' }],
      sources: {
        raster: { type: 'raster', tiles: ['/tiles/raster/{z}/{x}/{y}.png', 'https://a.example.org/{z}/{x}/{y}.png'] },
        points: { type: 'geojson', data: 'data/points.geojson' },
      },
      layers: [],
    };
    const before = JSON.stringify(style);
    const out = resolveStyleUrls(style, 'https://grid.example.cn/app/');
    expect(JSON.stringify(style)).toBe(before);
    expect(out.glyphs).toBe(style.glyphs);
    expect(out.sprite).toEqual([{ id: 'default', url: 'https://grid.example.cn/basemap/sprite' }]);
    expect((out.sources.raster as { tiles: string[] }).tiles).toEqual([
      'https://grid.example.cn/tiles/raster/{z}/{x}/{y}.png',
      'https://a.example.org/{z}/{x}/{y}.png',
    ]);
    expect((out.sources.points as { data: string }).data).toBe('https://grid.example.cn/app/data/points.geojson');
  });

  it('keeps template tokens readable', () => {
    expect(absoluteUrl('/basemap/glyphs/{fontstack}/{range}.pbf', 'http://h')).toBe('http://h/basemap/glyphs/{fontstack}/{range}.pbf');
  });
});

import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { BUILDING_FIELDS, GRID_FIELDS, guessMapping, mapBuilding, mapGrid } from './field.mapping.ts';

const square: Polygon = { type: 'Polygon', coordinates: [[[118, 24], [118.001, 24], [118.001, 24.001], [118, 24.001], [118, 24]]] };

describe('field mapping', () => {
  it('guesses Chinese and English column names, exact names first', () => {
    expect(guessMapping(['网格名称', '网格编码', '上级编码', '户数', 'OBJECTID'], GRID_FIELDS)).toEqual({ name: '网格名称', code: '网格编码', parent: '上级编码', households: '户数' });
    expect(guessMapping(['parent_code', 'Code', 'NAME', 'Level'], GRID_FIELDS)).toEqual({ name: 'NAME', code: 'Code', level: 'Level', parent: 'parent_code' });
    expect(guessMapping(['名称', '地址', '小区', '层数', '类型'], BUILDING_FIELDS)).toEqual({ name: '名称', address: '地址', compound: '小区', floors: '层数', kind: '类型' });
  });

  it('maps a grid: parent by code or id; a code from a .dbf number keeps its digits', () => {
    expect(mapGrid({ n: '一网格', c: 350206006001001, p: '350206006001' }, square, { name: 'n', code: 'c', parent: 'p' })).toEqual({
      valid: true, value: { name: '一网格', code: '350206006001001', parent_code: '350206006001', geometry: square },
    });
    expect(mapGrid({ n: 'x', p: 17 }, square, { name: 'n', parent: 'p' })).toMatchObject({ valid: true, value: { parent_id: 17 } });
  });

  it('rejects a grid with the reason: bad code, no name, bad level, not a polygon, self-intersection', () => {
    const reason = (r: ReturnType<typeof mapGrid>) => (r.valid ? 'valid' : r.reason);
    expect(reason(mapGrid({ n: 'a', c: '123' }, square, { name: 'n', code: 'c' }))).toMatch(/code "123" is not a grid code/);
    expect(reason(mapGrid({}, square, {}))).toBe('no name: map a column to the name');
    expect(reason(mapGrid({ n: 'a', l: '7' }, square, { name: 'n', level: 'l' }))).toMatch(/level "7" .* from 1 to 5/);
    expect(reason(mapGrid({ n: 'a' }, { type: 'Point', coordinates: [1, 2] }, { name: 'n' }))).toBe('a grid must be a Polygon or MultiPolygon, not a Point');
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    expect(reason(mapGrid({ n: 'a' }, bowtie, { name: 'n' }))).toMatch(/^invalid polygon: .*near 0\.5/);
  });

  it('maps a building from a point or a footprint, kinds in Chinese', () => {
    expect(mapBuilding({ n: '1幢', k: '商铺', h: '12' }, { type: 'Point', coordinates: [118, 24] }, { name: 'n', kind: 'k', households: 'h' })).toMatchObject({
      valid: true, value: { name: '1幢', kind: 'shop', households: 12, point: { type: 'Point' }, footprint: null },
    });
    expect(mapBuilding({ n: 'a' }, square, { name: 'n' })).toMatchObject({ valid: true, value: { point: null, footprint: square } });
    expect(mapBuilding({ n: 'a', k: '仓库' }, square, { name: 'n', kind: 'k' })).toMatchObject({ valid: false, reason: expect.stringMatching(/kind "仓库"/) });
    expect(mapBuilding({ n: 'a', h: '-1' }, square, { name: 'n', households: 'h' })).toMatchObject({ valid: false });
  });
});

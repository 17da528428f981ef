import { describe, expect, it } from 'vitest';
import { buildSearchIndex, searchPlaces, type Place } from './search.index.ts';

const place = (type: Place['type'], id: number, name: string): Place => ({ type, id, name, lon: 118.8, lat: 32.1, grid_id: null });
const index = buildSearchIndex([
  place('compound', 1, '万景花园'),
  place('building', 11, '万景花园3栋'),
  place('building', 12, '万景花园12栋'),
  place('compound', 2, '和燕新村'),
  place('compound', 3, '迈皋桥小区'),
  place('address', 21, '和燕路123号'),
  place('grid', 31, '和燕社区第3网格'),
  place('compound', 4, '重庆花园'),
]);
const names = (q: string, limit?: number) => searchPlaces(index, q, limit).map((p) => p.name);

describe('place search', () => {
  it('finds by Chinese text, the compound before its buildings', () => {
    expect(names('万景')).toEqual(['万景花园', '万景花园3栋', '万景花园12栋']);
    expect(names('和燕')[0]).toBe('和燕新村');
  });
  it('finds by pinyin initials and full pinyin, spaces and case ignored', () => {
    expect(names('wjhy')[0]).toBe('万景花园');
    expect(names('WanJing HuaYuan')[0]).toBe('万景花园');
    expect(names('mgq')).toEqual(['迈皋桥小区']);
    expect(names('hyl')).toContain('和燕路123号');
  });
  it('reads polyphonic characters in context (重庆 is chong qing)', () => {
    expect(names('cqhy')).toEqual(['重庆花园']);
  });
  it('forgives one wrong character but not two', () => {
    expect(names('万景花圆')[0]).toBe('万景花园');
    expect(names('迈高桥')).toEqual(['迈皋桥小区']);
    expect(names('万京花圆')).toEqual([]);
  });
  it('answers nothing for an empty or unmatched query, and honours the limit', () => {
    expect(names('   ')).toEqual([]);
    expect(names('zzzz')).toEqual([]);
    expect(names('万景', 1)).toEqual(['万景花园']);
  });
});

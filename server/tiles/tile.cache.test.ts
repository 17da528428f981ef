import { describe, expect, it } from 'vitest';
import { TileCache } from './tile.cache.ts';

const tile = (size: number, etag = '"e"') => ({ bytes: new Uint8Array(size), etag });

describe('TileCache', () => {
  it('returns what it holds and counts hits and misses', () => {
    const cache = new TileCache(10_000);
    cache.set('grids/1/14/1/2', tile(100, '"a"'));
    expect(cache.get('grids/1/14/1/2')?.etag).toBe('"a"');
    expect(cache.get('grids/2/14/1/2')).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('drops the least recently used entries once over its byte budget', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(300));
    cache.set('b', tile(300));
    cache.get('a'); // a is now more recent than b
    cache.set('c', tile(300));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.totalBytes).toBeLessThanOrEqual(1000);
  });

  it('counts empty tiles too, so a flood of them stays bounded', () => {
    const cache = new TileCache(2000);
    for (let i = 0; i < 1000; i++) cache.set(`events/0/18/${i}/0`, tile(0));
    expect(cache.size).toBeLessThan(20);
    expect(cache.totalBytes).toBeLessThanOrEqual(2000);
  });

  it('replaces an entry without counting it twice, and refuses one larger than the whole budget', () => {
    const cache = new TileCache(1000);
    cache.set('a', tile(400));
    const before = cache.totalBytes;
    cache.set('a', tile(400, '"b"'));
    expect(cache.totalBytes).toBe(before);
    expect(cache.get('a')?.etag).toBe('"b"');
    cache.set('huge', tile(5000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });
});

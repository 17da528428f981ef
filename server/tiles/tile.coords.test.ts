import { describe, expect, it } from 'vitest';
import { parseTileCoords, pixelSpan, tileLonLatBounds, tileOf, MAX_LATITUDE } from './tile.coords.ts';

describe('tile coordinates', () => {
  it('parses z/x/y inside the pyramid', () => {
    expect(parseTileCoords({ z: '0', x: '0', y: '0' })).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileCoords({ z: '22', x: String(2 ** 22 - 1), y: '0' })).toEqual({ z: 22, x: 2 ** 22 - 1, y: 0 });
  });

  it.each([
    [{ z: '23', x: '0', y: '0' }, 'zoom 23 is too deep'],
    [{ z: '1', x: '2', y: '0' }, 'x 2 is outside zoom 1: x must be between 0 and 1'],
    [{ z: '1', x: '0', y: '2' }, 'y 2 is outside zoom 1'],
    [{ z: '-0.5', x: '0', y: '0' }, 'z must be a whole number, got "-0.5"'],
    [{ z: '3', x: '-1', y: '0' }, 'x must not be negative'],
    [{ z: '3', x: '0x1', y: '0' }, 'x must be a whole number'],
    [{ z: '3', x: '', y: '0' }, 'x must be a whole number, got ""'],
  ])('rejects %o', (raw, message) => {
    expect(() => parseTileCoords(raw)).toThrow(message);
    try {
      parseTileCoords(raw);
    } catch (err) {
      expect((err as { statusCode: number }).statusCode).toBe(400);
    }
  });

  it('finds the tile of a point and the bounds of a tile, which agree', () => {
    const tile = tileOf(118.11, 24.49, 14);
    expect(tile).toEqual({ z: 14, x: 13567, y: 7041 });
    const [w, s, e, n] = tileLonLatBounds(tile);
    expect(w).toBeLessThanOrEqual(118.11);
    expect(e).toBeGreaterThan(118.11);
    expect(s).toBeLessThanOrEqual(24.49);
    expect(n).toBeGreaterThan(24.49);
    expect(e - w).toBeCloseTo(360 / 2 ** 14, 12);
  });

  it('keeps the edges of the world inside the pyramid', () => {
    expect(tileOf(180, 0, 3).x).toBe(7);
    expect(tileOf(-180, 0, 3).x).toBe(0);
    expect(tileOf(0, 90, 3).y).toBe(0);
    expect(tileOf(0, -90, 3).y).toBe(7);
    expect(tileLonLatBounds({ z: 0, x: 0, y: 0 })[3]).toBeCloseTo(MAX_LATITUDE, 9);
  });

  it('sizes a pixel: 4096 units across a z0 tile of 40,075 km', () => {
    expect(pixelSpan(0, 4096)).toBeCloseTo(40075016.68557849 / 4096, 6);
    expect(pixelSpan(14, 4096)).toBeCloseTo(pixelSpan(0, 4096) / 16384, 9);
  });
});

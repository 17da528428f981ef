import { describe, expect, it } from 'vitest';
import { parseKioskParams, resolveHome, resolveIdleSeconds } from './kiosk.params.ts';

describe('kiosk URL parameters', () => {
  it('reads the place, zoom and idle timeout', () => {
    expect(parseKioskParams('?lon=118.1213&lat=24.5112&zoom=16.5&idle=30')).toEqual({
      home: { lon: 118.1213, lat: 24.5112, zoom: 16.5 },
      idleSeconds: 30,
      problems: [],
    });
    expect(parseKioskParams('')).toEqual({ home: null, idleSeconds: null, problems: [] });
  });

  it('ignores what is malformed and says why', () => {
    const parsed = parseKioskParams('?lon=east&lat=24.5&idle=1&zoom=40');
    expect(parsed.home).toBeNull();
    expect(parsed.idleSeconds).toBeNull();
    expect(parsed.problems).toEqual([
      'lon=east is not a number between -180 and 180',
      'zoom=40 is not a number between 0 and 22',
      'idle=1 is not a number between 3 and 86400',
      'lon and lat go together; one of them is missing or wrong',
    ]);
    expect(parseKioskParams('?lat=24.5').problems).toEqual(['lon and lat go together; one of them is missing or wrong']);
  });

  it('rounds the idle timeout to whole seconds', () => {
    expect(parseKioskParams('?idle=4.6').idleSeconds).toBe(5);
  });
});

describe('home of the kiosk', () => {
  const bounds: [number, number, number, number] = [118.1, 24.5, 118.2, 24.6];

  it('prefers the URL, then the server setting, then the middle of the grids', () => {
    expect(resolveHome({ lon: 1, lat: 2, zoom: 15 }, { lon: 3, lat: 4 }, bounds)).toEqual({ lon: 1, lat: 2, zoom: 15, source: 'url' });
    expect(resolveHome(null, { lon: 3, lat: 4 }, bounds)).toEqual({ lon: 3, lat: 4, zoom: null, source: 'setting' });
    const middle = resolveHome(null, null, bounds)!;
    expect(middle.source).toBe('grids');
    expect(middle.lon).toBeCloseTo(118.15, 10);
    expect(middle.lat).toBeCloseTo(24.55, 10);
    expect(resolveHome(null, null, null)).toBeNull();
  });

  it('waits as long as the URL says, else the setting, else 90 s', () => {
    expect(resolveIdleSeconds(10, 45)).toBe(10);
    expect(resolveIdleSeconds(null, 45)).toBe(45);
    expect(resolveIdleSeconds(null, null)).toBe(90);
  });
});

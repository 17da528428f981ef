import { describe, expect, it } from 'vitest';
import { buildingsCollection, eventsCollection, gridCollection } from './ogc.collections.ts';
import { itemsSql, parseDatetime, parseOgcBbox } from './ogc.query.ts';

describe('OGC query parameters', () => {
  it('reads bbox with 4 or 6 numbers and says what is wrong', () => {
    expect(parseOgcBbox('118,24,119,25')).toEqual({ valid: true, value: [118, 24, 119, 25] });
    expect(parseOgcBbox('118,24,0,119,25,100')).toEqual({ valid: true, value: [118, 24, 119, 25] });
    expect(parseOgcBbox('170,0,-170,1')).toEqual({ valid: true, value: [170, 0, -170, 1] });
    for (const bad of ['', '1,2,3', '1,,3,4', 'a,b,c,d', '0,5,1,4', '0,0,181,1', 'Infinity,0,1,1']) expect(parseOgcBbox(bad).valid, bad).toBe(false);
  });

  it('reads datetime instants and open or closed intervals', () => {
    expect(parseDatetime('2026-03-01T00:00:00Z')).toEqual({ valid: true, value: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') } });
    expect(parseDatetime('2026-03-01')).toMatchObject({ valid: true, value: { start: new Date('2026-03-01T00:00:00Z') } });
    expect(parseDatetime('../2026-03-01T08:00:00+08:00')).toEqual({ valid: true, value: { start: null, end: new Date('2026-03-01T00:00:00Z') } });
    expect(parseDatetime('2026-03-01T00:00:00Z/')).toMatchObject({ valid: true, value: { end: null } });
    for (const bad of ['now', '2026-03-01T00:00:00Z/2025-01-01T00:00:00Z', 'a/b/c', '2026-02-30T00:00:00ZZ']) expect(parseDatetime(bad).valid, bad).toBe(false);
  });

  it('binds every value and selects only the declared properties', () => {
    const sql = itemsSql(eventsCollection, { bbox: [118, 24, 119, 25], datetime: { start: new Date(0), end: null }, limit: 10, offset: 20 }, false);
    expect(sql.page.params).toEqual([118, 24, 119, 25, new Date(0), 10, 20]);
    expect(sql.count.params).toEqual([118, 24, 119, 25, new Date(0)]);
    expect(sql.page.sql).not.toMatch(/description|reporter/);
    expect(itemsSql(eventsCollection, { limit: 1, offset: 0 }, true).page.sql).toMatch(/'description', f\.description/);
    expect(itemsSql(gridCollection(2), { limit: 1, offset: 0 }, false).page.sql).toMatch(/f\.level = 2 and f\.valid_to is null/);
    expect(itemsSql(buildingsCollection, { limit: 1, offset: 0, datetime: { start: null, end: new Date() } }, false).page.params).toEqual([1, 0]);
  });
});

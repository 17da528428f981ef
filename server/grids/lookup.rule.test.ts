import { describe, expect, it } from 'vitest';
import { chainOf, pickDeepest, type Candidate } from './lookup.rule.ts';

const c = (id: number, level: number, parent_id: number | null, code: string, interior = true): Candidate => ({ id, level, parent_id, code, name: `g${id}`, interior });

describe('lookup rule', () => {
  it('prefers the deepest level', () => {
    expect(pickDeepest([c(1, 1, null, '1'), c(2, 2, 1, '2'), c(3, 3, 2, '3')])?.id).toBe(3);
  });
  it('prefers the interior over a boundary touch at the same level', () => {
    expect(pickDeepest([c(5, 2, 1, '100', false), c(6, 2, 1, '200', true)])?.id).toBe(6);
  });
  it('breaks a boundary tie by the lowest code, whatever the input order', () => {
    const a = c(7, 2, 1, '320113001001002', false);
    const b = c(8, 2, 1, '320113001001001', false);
    expect(pickDeepest([a, b])?.id).toBe(8);
    expect(pickDeepest([b, a])?.id).toBe(8);
  });
  it('returns nothing for no candidates', () => {
    expect(pickDeepest([])).toBeUndefined();
    expect(chainOf(undefined, new Map())).toEqual([]);
  });
  it('builds the chain from level 1 down by parent links and survives a cycle', () => {
    const grids = [c(1, 1, null, '1'), c(2, 2, 1, '2'), c(3, 3, 2, '3')];
    const byId = new Map(grids.map((g) => [g.id, g]));
    expect(chainOf(grids[2], byId).map((g) => g.id)).toEqual([1, 2, 3]);
    const loop = [c(1, 2, 2, '1'), c(2, 2, 1, '2')];
    expect(chainOf(loop[0], new Map(loop.map((g) => [g.id, g]))).map((g) => g.id)).toEqual([2, 1]);
  });
});

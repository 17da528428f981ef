import { describe, expect, it } from 'vitest';
import { deviationBand, gridBalance } from './balance.ts';

describe('gridBalance', () => {
  it('measures each grid against the target and names the worst', () => {
    const b = gridBalance([{ id: 1, households: 300 }, { id: 2, households: 240 }, { id: 3, households: 390 }]);
    expect(b.grids.map((g) => g.deviation)).toEqual([0, -0.2, 0.3]);
    expect(b.worst?.id).toBe(3);
    expect(b.meanDeviation).toBeCloseTo(0.5 / 3, 12);
  });

  it('takes a planner’s target and refuses a non-positive one', () => {
    expect(gridBalance([{ id: 1, households: 100 }], 200).grids[0].deviation).toBe(-0.5);
    expect(gridBalance([{ id: 1, households: 300 }], 0).target).toBe(300);
    expect(gridBalance([]).worst).toBeNull();
  });

  it('bands deviations for the map', () => {
    expect([-0.5, -0.3, 0, 0.3, 0.5].map((d) => deviationBand(d))).toEqual(['far-under', 'under', 'fine', 'over', 'far-over']);
  });
});

// Grid counts tried: a given count as it is; a target's rounded count first, then one fewer and one more.
import { describe, expect, it } from 'vitest';
import { countsToTry } from './grid.count.ts';

describe('countsToTry', () => {
  it('keeps a grid count the planner gave', () => {
    expect(countsToTry({ gridCount: 5 }, 5, 40)).toEqual([5]);
  });

  it('tries the rounded count first, then one fewer, then one more, within what the nodes allow', () => {
    expect(countsToTry({ targetHouseholds: 300 }, 16, 80)).toEqual([16, 15, 17]);
    expect(countsToTry({ targetHouseholds: 300 }, 1, 80)).toEqual([1, 2]);
    expect(countsToTry({ targetHouseholds: 300 }, 3, 3)).toEqual([3, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { at, rect } from '../../server/geometry/cell.fixture.ts';
import { householdsIn, liveFacts } from './live.counts.ts';

describe('live counts', () => {
  const samples = [{ at: at(0.5, 0.5), households: 30 }, { at: at(1.5, 0.5), households: 12 }];
  const before = { id: 7, geometry: rect(0, 0, 1, 1) };
  const after = { id: 7, geometry: rect(0, 0, 2, 1) };

  it('counts the households whose building point the grid covers', () => {
    expect(householdsIn(before, samples)).toBe(30);
    expect(householdsIn(after, samples)).toBe(42);
  });

  it('adds to the saved figure only what crossed the boundary, and measures the area', () => {
    const start = new Map([['7', householdsIn(before, samples)]]);
    const facts = liveFacts([after], start, () => 100, samples).get(7)!;
    expect(facts.households).toBe(112);
    expect(facts.area_m2).toBeGreaterThan(2 * 94 * 110);
  });
});

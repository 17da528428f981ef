import { describe, expect, it } from 'vitest';
import { at, child, polygon, rect } from './cell.fixture.ts';
import { proposeFixes } from './coverage.fix.ts';
import { validateCoverage } from './coverage.validate.ts';
import type { GridInput } from './coverage.types.ts';

const parent: GridInput = { id: 'P', level: 1, parent_id: null, geometry: rect(0, 0, 3, 1) };
const errors = (grids: GridInput[]) => validateCoverage(grids).issues.filter((i) => i.severity === 'error');

describe('proposeFixes', () => {
  it('changes nothing in a clean coverage', () => {
    const grids = [parent, child('A', rect(0, 0, 1, 1)), child('B', rect(1, 0, 2, 1)), child('C', rect(2, 0, 3, 1))];
    expect(proposeFixes(grids)).toEqual({ grids, changed: [], proposals: [] });
  });

  it('gives a gap to the neighbour with the longest shared border', () => {
    // the gap is a notch cut into B's corner: it borders B on two sides and C on one short side
    const b = polygon(at(1, 0), at(1.8, 0), at(1.8, 0.3), at(2, 0.3), at(2, 1), at(1, 1));
    const grids = [parent, child('A', rect(0, 0, 1, 1)), child('B', b), child('C', rect(2, 0, 3, 1))];
    const fix = proposeFixes(grids);
    expect(fix.proposals.map((p) => [p.type, p.action, p.to])).toEqual([['gap', 'assign', 'B']]);
    expect(fix.changed).toEqual(['B']);
    expect(errors(fix.grids)).toEqual([]);
  });

  it('lets the grid with the longer border keep an overlap and cuts off what lies outside the parent', () => {
    // A pokes a 0.5 × 0.2 tab into B (B borders the tab on three sides, A on one) and out past the bottom
    const a = polygon(at(0, -0.3), at(1, -0.3), at(1, 0.4), at(1.5, 0.4), at(1.5, 0.6), at(1, 0.6), at(1, 1), at(0, 1));
    const grids = [parent, child('A', a), child('B', rect(1, 0, 2, 1)), child('C', rect(2, 0, 3, 1))];
    const fix = proposeFixes(grids);
    const byType = Object.fromEntries(fix.proposals.map((p) => [p.type, p]));
    expect(byType.overlap).toMatchObject({ action: 'assign', to: 'B', from: ['A'] });
    expect(byType.outside_parent).toMatchObject({ action: 'cut', from: ['A'] });
    expect(fix.changed).toEqual(['A']);
    expect(errors(fix.grids)).toEqual([]);
  });

  it('lets the larger grid keep an overlap when the borders tie', () => {
    // a symmetric overlap strip between A (wide) and B (narrow)
    const a = rect(0, 0, 2.1, 1);
    const b = polygon(at(1.9, 0), at(3, 0), at(3, 1), at(1.9, 1));
    const fix = proposeFixes([parent, child('A', a), child('B', b)]);
    expect(fix.proposals).toHaveLength(1);
    expect(fix.proposals[0]).toMatchObject({ type: 'overlap', to: 'A', from: ['B'] });
    expect(errors(fix.grids)).toEqual([]);
  });

  it('repairs a bow-tie and fills what it leaves, then carries the fix down to the children', () => {
    const bowTie = polygon(at(1, 0), at(2, 1), at(2, 0), at(1, 1));
    const grids: GridInput[] = [
      parent, child('A', rect(0, 0, 1, 1)), child('B', bowTie), child('C', rect(2, 0, 3, 1)),
      // A's children leave a strip uncovered, and one of them reaches into B
      { id: 'A1', level: 3, parent_id: 'A', geometry: rect(0, 0, 0.5, 1) },
      { id: 'A2', level: 3, parent_id: 'A', geometry: polygon(at(0.6, 0), at(1.2, 0), at(1.2, 1), at(0.6, 1)) },
    ];
    expect(errors(grids).length).toBeGreaterThan(2);
    const fix = proposeFixes(grids);
    expect(fix.proposals.map((p) => p.type).sort()).toEqual(['gap', 'gap', 'gap', 'invalid_geometry', 'outside_parent']);
    expect(errors(fix.grids)).toEqual([]);
  });
});

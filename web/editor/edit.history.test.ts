import { describe, expect, it } from 'vitest';
import { EditHistory, replayPlan } from './edit.history.ts';
import type { PlanGrid } from './plan.api.ts';

const grid = (id: number, name = `g${id}`): PlanGrid => ({
  type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [] },
  properties: { id, code: '', name, level: 3, parent_id: 1, worker_id: null, worker_name: null, households: 0, population: 0, buildings: 0, area_m2: 0, version: 1, change: 'unchanged' },
});

describe('EditHistory', () => {
  it('undoes and redoes in order, and a new edit drops the redo stack', () => {
    const h = new EditHistory();
    h.record({ note: 'a', before: [grid(1)], after: [grid(1, 'A')] });
    h.record({ note: 'b', before: [grid(2)], after: [grid(2, 'B')] });
    expect(h.peekUndo()?.note).toBe('b');
    h.undone();
    expect(h.notes).toEqual({ undo: ['a'], redo: ['b'] });
    h.redone();
    h.undone();
    h.record({ note: 'c', before: [], after: [grid(3)] });
    expect(h.canRedo).toBe(false);
    expect(h.notes.undo).toEqual(['a', 'c']);
  });

  it('learns the new id of a recreated grid in every step', () => {
    const h = new EditHistory();
    h.record({ note: 'merge', before: [grid(1), grid(2)], after: [grid(1)] });
    h.record({ note: 'rename', before: [grid(2)], after: [grid(2, 'x')] });
    h.renameGrid(2, 9);
    expect(h.peekUndo()?.before[0].id).toBe(9);
    expect(h.peekUndo()?.before[0].properties.id).toBe(9);
  });
});

describe('replayPlan', () => {
  it('changes what exists, recreates what is gone and removes what the target lacks', () => {
    const exists = (id: number) => id !== 2;
    // undoing a merge of 1 and 2: 1 shrinks back, 2 comes back
    expect(replayPlan([grid(1)], [grid(1), grid(2)], exists)).toEqual({ change: [grid(1)], create: [grid(2)], remove: [] });
    // undoing a drawn grid 5
    expect(replayPlan([grid(5)], [], () => true)).toEqual({ change: [], create: [], remove: [grid(5)] });
  });
});

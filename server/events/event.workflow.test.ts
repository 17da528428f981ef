import { describe, expect, it } from 'vitest';
import { checkTransition, EVENT_STATES, nextStates, TERMINAL, type Actor } from './event.workflow.ts';

const dispatcher: Actor = { role: 'dispatcher', staff_id: null };
const worker: Actor = { role: 'grid_worker', staff_id: 7 };
const otherWorker: Actor = { role: 'grid_worker', staff_id: 8 };
const planner: Actor = { role: 'planner', staff_id: null };

describe('event workflow', () => {
  it('runs the whole loop with dispatchers and the assigned worker taking their own steps', () => {
    const loop: Array<[string, string, Actor]> = [
      ['reported', 'accepted', dispatcher], ['accepted', 'dispatched', dispatcher], ['dispatched', 'in_progress', worker],
      ['in_progress', 'resolved', worker], ['resolved', 'feedback', worker], ['feedback', 'closed', dispatcher], ['closed', 'evaluated', dispatcher],
    ];
    for (const [from, to, actor] of loop) expect(checkTransition(from as never, to as never, actor, 7), `${from} → ${to}`).toEqual({ allowed: true });
  });

  it('refuses a skipped step with 409 and the states that may follow', () => {
    const verdict = checkTransition('reported', 'resolved', dispatcher, 7);
    expect(verdict).toMatchObject({ allowed: false, status: 409, allowed_states: ['accepted', 'rejected', 'merged'] });
    expect(checkTransition('closed', 'reported', dispatcher, 7)).toMatchObject({ allowed: false, status: 409, allowed_states: ['evaluated'] });
  });

  it('gives only the assigned worker the worker steps, and no worker the dispatcher steps', () => {
    expect(checkTransition('dispatched', 'in_progress', otherWorker, 7)).toMatchObject({ allowed: false, status: 403 });
    expect(checkTransition('reported', 'accepted', worker, 7)).toMatchObject({ allowed: false, status: 403 });
    expect(checkTransition('feedback', 'closed', worker, 7)).toMatchObject({ allowed: false, status: 403 });
    expect(checkTransition('dispatched', 'in_progress', planner, 7)).toMatchObject({ allowed: false, status: 403 });
  });

  it('ends in the terminal states, and every other state has a way on', () => {
    for (const s of EVENT_STATES) {
      if (s === 'closed') expect(nextStates(s)).toEqual(['evaluated']);
      else if (TERMINAL.includes(s)) expect(nextStates(s), s).toEqual([]);
      else expect(nextStates(s).length, s).toBeGreaterThan(0);
    }
  });
});

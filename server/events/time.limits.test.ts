import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, dueTimes, expectedAt, limitsFor, standing } from './time.limits.ts';

const reported = new Date('2026-05-01T08:00:00Z');
const hours = (h: number) => new Date(reported.getTime() + h * 3_600_000);

describe('time limits', () => {
  it('promises 3 h to arrive, 24 h to solve, 36 h to give feedback and 48 h to acceptance by default', () => {
    expect(DEFAULT_LIMITS).toEqual({ arrive: 3, solve: 24, feedback: 36, acceptance: 48 });
    expect(dueTimes(reported, limitsFor('市容环境'))).toEqual({
      arrive: '2026-05-01T11:00:00.000Z', solve: '2026-05-02T08:00:00.000Z', feedback: '2026-05-02T20:00:00.000Z', acceptance: '2026-05-03T08:00:00.000Z',
    });
  });

  it('gives emergencies (突发事件) tighter limits', () => {
    expect(limitsFor('突发事件').arrive).toBeLessThan(DEFAULT_LIMITS.arrive);
  });

  it('flags the pending milestone as overdue once its time has passed, and nothing once closed', () => {
    const due = dueTimes(reported, DEFAULT_LIMITS);
    expect(standing('dispatched', due, hours(2.9))).toEqual({ next_due: { milestone: 'arrive', at: due.arrive }, overdue: false });
    expect(standing('dispatched', due, hours(3.1)).overdue).toBe(true);
    expect(standing('in_progress', due, hours(3.1))).toEqual({ next_due: { milestone: 'solve', at: due.solve }, overdue: false });
    expect(standing('resolved', due, hours(37)).overdue).toBe(true);
    expect(standing('feedback', due, hours(47)).overdue).toBe(false);
    expect(standing('closed', due, hours(100))).toEqual({ next_due: null, overdue: false });
    expect(expectedAt('reported', due)).toBe(due.acceptance);
    expect(expectedAt('closed', due)).toBeNull();
  });
});

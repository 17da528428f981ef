import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from './idle.timer.ts';

describe('idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once, the given seconds after the last touch', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(90, onIdle);
    expect(timer.running).toBe(false);
    timer.touch();
    vi.advanceTimersByTime(60_000);
    timer.touch(); // a touch restarts the countdown
    vi.advanceTimersByTime(89_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.running).toBe(false);
    vi.advanceTimersByTime(10 * 90_000); // untouched: no further resets
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does not start before the first touch and stops for good', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(3, onIdle);
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
    timer.touch();
    timer.stop();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(timer.running).toBe(false);
  });
});

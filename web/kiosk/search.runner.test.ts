import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSearchRunner } from './search.runner.ts';

/** A server whose answers the test releases by hand, in any order. */
function fakeServer() {
  const calls: Array<{ q: string; signal: AbortSignal; resolve(a: string[]): void }> = [];
  const search = (q: string, signal: AbortSignal) =>
    new Promise<string[]>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      calls.push({ q, signal, resolve });
    });
  return { calls, search };
}

describe('search runner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const server = fakeServer();
    const answers: Array<[string, string[]]> = [];
    const errors: unknown[] = [];
    const pending: boolean[] = [];
    const runner = createSearchRunner({
      delayMs: 250,
      search: server.search,
      onAnswer: (q, a) => answers.push([q, a]),
      onError: (_q, e) => errors.push(e),
      onPending: (p) => pending.push(p),
    });
    return { server, answers, errors, pending, runner };
  }

  it('asks once, after a pause in typing, with the last query', async () => {
    const { server, answers, runner, pending } = setup();
    for (const q of ['w', 'wj', 'wjh', 'wjhy']) {
      runner.set(q);
      vi.advanceTimersByTime(100);
    }
    expect(server.calls).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(server.calls.map((c) => c.q)).toEqual(['wjhy']);
    server.calls[0].resolve(['万景花园']);
    await vi.runAllTimersAsync();
    expect(answers).toEqual([['wjhy', ['万景花园']]]);
    expect(pending.at(-1)).toBe(false);
  });

  it('drops the answer to a query that a newer one replaced', async () => {
    const { server, answers, errors, runner } = setup();
    runner.set('wj');
    vi.advanceTimersByTime(250);
    runner.set('wjhy');
    expect(server.calls[0].signal.aborted).toBe(true);
    vi.advanceTimersByTime(250);
    server.calls[1].resolve(['万景花园']);
    server.calls[0].resolve(['stale']);
    await vi.runAllTimersAsync();
    expect(answers).toEqual([['wjhy', ['万景花园']]]);
    expect(errors).toEqual([]);
  });

  it('an empty query cancels without asking', async () => {
    const { server, answers, runner, pending } = setup();
    runner.set('wj');
    runner.set('  ');
    await vi.runAllTimersAsync();
    expect(server.calls).toEqual([]);
    expect(answers).toEqual([]);
    expect(pending).toEqual([true, false]);
  });

  it('reports a failed request', async () => {
    const errors: unknown[] = [];
    const runner = createSearchRunner({
      delayMs: 10,
      search: () => Promise.reject(new Error('429')),
      onAnswer: () => undefined,
      onError: (_q, e) => errors.push(e),
      onPending: () => undefined,
    });
    runner.set('x');
    await vi.runAllTimersAsync();
    expect(errors).toEqual([new Error('429')]);
  });
});

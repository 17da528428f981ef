// The kiosk's idle timer: after `seconds` without a touch it calls onIdle once, then sleeps until the
// next touch, so an untouched kiosk does not reset itself over and over. The clock is injected so the
// rule can be tested without waiting.

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleTimer {
  /** someone touched the screen: start (or restart) the countdown */
  touch(): void;
  /** stop counting (the page is going away) */
  stop(): void;
  readonly running: boolean;
}

const browserClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createIdleTimer(seconds: number, onIdle: () => void, clock: Clock = browserClock): IdleTimer {
  let handle: unknown = null;
  const cancel = () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };
  return {
    touch() {
      cancel();
      handle = clock.setTimeout(() => {
        handle = null;
        onIdle();
      }, seconds * 1000);
    },
    stop: cancel,
    get running() {
      return handle !== null;
    },
  };
}

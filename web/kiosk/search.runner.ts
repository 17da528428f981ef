// Search as you type on the kiosk: wait for a pause in typing before asking the server, cancel the
// request a newer query makes obsolete, and let only the answer to the latest query through. The
// request itself is passed in, so the rule is tested without a server.

export interface SearchRunnerOptions<T> {
  delayMs: number;
  search(query: string, signal: AbortSignal): Promise<T>;
  onAnswer(query: string, answer: T): void;
  onError(query: string, error: unknown): void;
  /** true while a query waits for its pause or its answer */
  onPending(pending: boolean): void;
}

export interface SearchRunner {
  /** the query changed; an empty query only cancels */
  set(query: string): void;
  cancel(): void;
}

export function createSearchRunner<T>(options: SearchRunnerOptions<T>): SearchRunner {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: AbortController | null = null;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    inFlight?.abort();
    inFlight = null;
  };

  return {
    set(query) {
      cancel();
      const q = query.trim();
      if (q === '') {
        options.onPending(false);
        return;
      }
      options.onPending(true);
      timer = setTimeout(async () => {
        timer = null;
        const request = (inFlight = new AbortController());
        try {
          const answer = await options.search(q, request.signal);
          if (request === inFlight) options.onAnswer(q, answer);
        } catch (error) {
          if (request === inFlight) options.onError(q, error);
        } finally {
          if (request === inFlight) {
            inFlight = null;
            options.onPending(false);
          }
        }
      }, options.delayMs);
    },
    cancel() {
      cancel();
      options.onPending(false);
    },
  };
}

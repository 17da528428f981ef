// LISTEN on a dedicated connection that outlives the server it talks to: when PostgreSQL restarts or
// the network drops, the connection is opened again with a growing pause (capped, so a database that
// comes back is heard from within about a second), and the caller is told, because every NOTIFY sent
// while nobody listened is lost and whatever it would have said must be read anew.
import pg from 'pg';

export interface ListenerOptions {
  /** a new, unconnected client for the same database */
  client: () => pg.Client;
  channel: string;
  onPayload: (payload: string) => void;
  /** called after each reconnect (not after the first connect) */
  onReconnect?: () => void;
  /** first and longest pause between attempts */
  backoffMs?: { first: number; max: number };
}

const DEFAULT_BACKOFF = { first: 100, max: 1000 };

/** Connects and listens (throws if the first attempt fails); resolves to a function that stops listening. */
export async function listenReconnecting(options: ListenerOptions): Promise<() => Promise<void>> {
  const { channel, onPayload, onReconnect } = options;
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let pause = backoff.first;

  async function open(): Promise<void> {
    const next = options.client();
    // Without a listener an 'error' event on a dropped connection would crash the process.
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      next.removeAllListeners('end');
      await next.end().catch(() => {});
      throw err;
    }
    if (stopped) return void (await next.end().catch(() => {}));
    client = next;
  }

  function lost(which: pg.Client): void {
    if (stopped || which !== client) return;
    client = undefined;
    which.end().catch(() => {});
    schedule();
  }

  function schedule(): void {
    if (stopped || retry) return;
    retry = setTimeout(async () => {
      retry = undefined;
      try {
        await open();
        pause = backoff.first;
        if (!stopped) onReconnect?.();
      } catch {
        pause = Math.min(backoff.max, pause * 2);
        schedule();
      }
    }, pause);
    retry.unref();
  }

  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

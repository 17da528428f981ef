// Live events for the dispatch screen: one LISTEN per process on `wangge_event`; each committed change
// is read once and written to every open stream as a Server-Sent Event. Listening to the database
// rather than to this process's own writes means a report taken by any process reaches every screen.
import type { Db } from '../db/db.ts';
import { EVENT_CHANNEL, type EventRepository, type EventView } from './event.repository.ts';

export type EventListener = (kind: string, event: EventView) => void;

export async function eventStream(db: Db, events: EventRepository, log: { warn: (o: object, m: string) => void }) {
  const listeners = new Set<EventListener>();
  const unlisten = await db.listen(EVENT_CHANNEL, (payload) => {
    if (!listeners.size) return;
    let message: { id: number; kind: string };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    events.get(message.id).then((event) => {
      if (event) for (const l of listeners) l(message.kind, event);
    }, (err) => log.warn({ err }, 'could not read a notified event'));
  });
  return {
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return listeners.size;
    },
    close: unlisten,
  };
}
export type EventStream = Awaited<ReturnType<typeof eventStream>>;

// The dispatch centre's state: the events on screen (loaded by filter, then kept current by the live
// stream), the per-grid statistics, and the event open in the drawer.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { getEvent, getStats, listEvents, moveEvent, HttpFailure, type DispatchEvent, type EventDetail, type GridStats } from './dispatch.api.ts';

export type Range = '24h' | '7d' | '30d' | 'all';
const RANGE_HOURS: Record<Range, number | null> = { '24h': 24, '7d': 168, '30d': 720, all: null };

export interface Filters {
  status: string[];
  category: string;
  range: Range;
  grid: number | null;
  overdue: boolean;
}

export const useDispatchStore = defineStore('dispatch', () => {
  const events = shallowRef(new Map<number, DispatchEvent>());
  const filters = ref<Filters>({ status: [], category: '', range: 'all', grid: null, overdue: false });
  const stats = ref<GridStats[]>([]);
  /** how many events match the filters on the server; the map holds the newest 1000 of them */
  const total = ref(0);
  const selected = ref<EventDetail | null>(null);
  const needsLogin = ref(false);
  const live = ref(false);
  const error = ref<string | null>(null);
  let source: EventSource | null = null;

  const fromTime = () => {
    const h = RANGE_HOURS[filters.value.range];
    return h === null ? undefined : new Date(Date.now() - h * 3_600_000).toISOString();
  };

  /** The same filter the server applied, for events that arrive on the stream. */
  function matches(e: DispatchEvent): boolean {
    const f = filters.value;
    if (f.status.length && !f.status.includes(e.status)) return false;
    if (f.category && e.category !== f.category) return false;
    if (f.grid && !e.grid_ids.includes(f.grid)) return false;
    if (f.overdue && !e.overdue) return false;
    const from = fromTime();
    return !from || e.reported_at >= from;
  }

  const list = computed(() => [...events.value.values()].sort((a, b) => b.reported_at.localeCompare(a.reported_at) || b.id - a.id));

  function guard(err: unknown): void {
    if (err instanceof HttpFailure && err.status === 401) needsLogin.value = true;
    else error.value = err instanceof Error ? err.message : String(err);
  }

  async function load(): Promise<void> {
    try {
      const f = filters.value;
      const [page, s] = await Promise.all([
        listEvents({ status: f.status, category: f.category || undefined, grid: f.grid ?? undefined, from: fromTime(), overdue: f.overdue }),
        getStats(fromTime()),
      ]);
      events.value = new Map(page.items.map((e) => [e.id, e]));
      total.value = page.total;
      stats.value = s.grids;
      needsLogin.value = false;
      error.value = null;
      connect();
    } catch (err) {
      guard(err);
    }
  }

  function upsert(e: DispatchEvent): void {
    const next = new Map(events.value);
    const had = next.has(e.id);
    if (matches(e)) next.set(e.id, e);
    else next.delete(e.id);
    total.value += (next.has(e.id) ? 1 : 0) - (had ? 1 : 0);
    events.value = next;
    if (selected.value?.id === e.id) void open(e.id);
  }

  function connect(): void {
    if (source) return;
    source = new EventSource('/api/events/stream');
    source.onopen = () => (live.value = true);
    source.onerror = () => (live.value = false); // EventSource reconnects by itself
    const onEvent = (m: MessageEvent) => upsert(JSON.parse(m.data) as DispatchEvent);
    source.addEventListener('reported', onEvent);
    source.addEventListener('transition', onEvent);
  }

  function disconnect(): void {
    source?.close();
    source = null;
    live.value = false;
  }

  async function open(id: number): Promise<void> {
    try {
      selected.value = await getEvent(id);
    } catch (err) {
      guard(err);
    }
  }

  async function move(body: Record<string, unknown>): Promise<void> {
    if (!selected.value) return;
    try {
      upsert(await moveEvent(selected.value.id, body));
      await open(selected.value.id);
    } catch (err) {
      guard(err);
    }
  }

  return { events, list, total, filters, stats, selected, needsLogin, live, error, load, open, move, close: () => (selected.value = null), disconnect };
});

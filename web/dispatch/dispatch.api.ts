// The events API as the dispatch page calls it. The session cookie travels by itself (same origin).
import type { EventView, LogEntry } from '../../server/events/event.repository.ts';

/** an event as the server answers it: the type is the server's own, so the two cannot drift */
export type DispatchEvent = EventView;

export interface EventDetail extends DispatchEvent {
  log: LogEntry[];
  duplicates: Array<{ id: number; distance_m: number; reported_at: string; status: string }>;
}

export interface GridStats {
  grid_id: number;
  grid_name: string | null;
  total: number;
  by_category: Record<string, number>;
  median_hours_to_close: number | null;
  overdue_rate: number;
}

export class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new HttpFailure(res.status, body.message ?? res.statusText);
  return body as T;
}

export interface EventQuery {
  status?: string[];
  category?: string;
  grid?: number;
  from?: string;
  overdue?: boolean;
}

export function listEvents(q: EventQuery): Promise<{ total: number; items: DispatchEvent[] }> {
  const params = new URLSearchParams({ limit: '1000' });
  if (q.status?.length) params.set('status', q.status.join(','));
  if (q.category) params.set('category', q.category);
  if (q.grid) params.set('grid', String(q.grid));
  if (q.from) params.set('from', q.from);
  if (q.overdue) params.set('overdue', 'true');
  return call(`/api/events?${params}`);
}

export const getEvent = (id: number) => call<EventDetail>(`/api/events/${id}`);
export const getStats = (from?: string) => call<{ grids: GridStats[] }>(`/api/events/stats${from ? `?from=${encodeURIComponent(from)}` : ''}`);
export const moveEvent = (id: number, body: Record<string, unknown>) => call<DispatchEvent>(`/api/events/${id}/transitions`, { method: 'POST', body: JSON.stringify(body) });
export const login = (username: string, password: string) => call<unknown>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
export const listGrids = () => call<{ features: Array<{ properties: { id: number; name: string } }> }>('/api/grids?level=2');

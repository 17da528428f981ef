// The public endpoints the kiosk uses, and nothing else: lookup, search and the kiosk's own settings.
// Every answer carries public fields only; the worker's contact is the one published for residents.
import { ApiError } from '../api/grid.api.ts';
import type { Place } from './kiosk.params.ts';

// The server's own public types, so the kiosk cannot drift from what /api/lookup answers.
import type { GridRef } from '../../server/grids/lookup.rule.ts';
import type { Worker as PublicWorker } from '../../server/grids/grid.repository.ts';
export type { GridRef, PublicWorker };

/** GET /api/lookup: the grid chain from community down (empty outside every grid) and its worker. */
export interface LookupAnswer {
  generation: number | null;
  grids: GridRef[];
  worker: PublicWorker | null;
}

export type PlaceType = 'compound' | 'building' | 'address' | 'grid';

export interface SearchPlace extends Place {
  type: PlaceType;
  id: number;
  name: string;
  grid_id: number | null;
}

export interface KioskSettings {
  home: Place | null;
  idle_seconds: number;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export const fetchLookup = ({ lon, lat }: Place, signal?: AbortSignal) =>
  getJson<LookupAnswer>(`/api/lookup?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`, signal);

export const fetchSearch = (q: string, signal?: AbortSignal) =>
  getJson<{ results: SearchPlace[] }>(`/api/search?q=${encodeURIComponent(q)}&limit=12`, signal).then((a) => a.results);

export const fetchKioskSettings = (signal?: AbortSignal) => getJson<KioskSettings>('/api/kiosk', signal);

// The grid as GET /api/grids/{id} returns it: a GeoJSON Feature whose properties carry the counts and
// the worker's public contact. Only public fields exist here; the kiosk and the map page show them.
import type { Feature, MultiPolygon } from 'geojson';

export type GridLevel = 1 | 2 | 3;

export interface WorkerContact {
  name: string;
  phone: string | null;
  photo_url: string | null;
  office_hours: string | null;
}

export interface GridDetail {
  id: number;
  code: string;
  name: string;
  level: number;
  parent_id: number | null;
  households: number;
  population: number;
  area_m2: number;
  worker: WorkerContact | null;
}

/** An answer of the API that says what went wrong ({statusCode, error, message}). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchGrid(id: number, signal?: AbortSignal): Promise<GridDetail> {
  const res = await fetch(`/api/grids/${encodeURIComponent(id)}`, { signal, headers: { accept: 'application/geo+json, application/json' } });
  if (!res.ok) throw new ApiError(res.status, await errorMessage(res));
  const feature = (await res.json()) as Feature<MultiPolygon, GridDetail>;
  return feature.properties;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string };
    if (body.message) return body.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return `${res.status} ${res.statusText}`;
}

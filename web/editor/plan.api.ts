// The plans API (docs/plans.md) as the editor calls it. Every grid edit names the version it was made
// against; a stale one comes back as a StaleEdit carrying the grids as they are now, so the editor can
// offer reload or reapply instead of losing either side's work.
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Plan, PlanDiff } from '../../server/plans/plan.types.ts';
import type { Issue, ValidationResult } from '../../server/geometry/coverage.types.ts';

export type { Plan, PlanDiff };

export interface PlanGridProperties {
  id: number;
  code: string;
  name: string;
  level: number;
  parent_id: number | null;
  worker_id: number | null;
  worker_name: string | null;
  households: number;
  population: number;
  buildings: number;
  area_m2: number;
  version: number;
  change: 'unchanged' | 'added' | 'changed';
}

export type PlanGrid = Feature<Polygon | MultiPolygon, PlanGridProperties> & { id: number };

export interface OpenedPlan extends Plan {
  grids: FeatureCollection<Polygon | MultiPolygon, PlanGridProperties>;
  diff: PlanDiff;
}

export interface GridChange {
  id: number;
  version: number;
  geometry?: Polygon | MultiPolygon;
  name?: string;
  code?: string;
  worker_id?: number | null;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string, readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

/** 412: someone else changed these grids since they were loaded */
export class StaleEdit extends ApiFailure {
  constructor(message: string, body: Record<string, unknown>, readonly current: PlanGrid[]) {
    super(412, message, body);
  }
}

const asGrid = (f: Feature): PlanGrid => ({ ...(f as PlanGrid), id: Number((f.properties as PlanGridProperties).id ?? f.id) });

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers as Record<string, string>) };
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(url, { ...init, headers });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 412) {
    const current = body.current;
    const list = (Array.isArray(current) ? current : current ? [current] : []) as Feature[];
    throw new StaleEdit(String(body.message ?? res.statusText), body, list.map(asGrid));
  }
  if (!res.ok) throw new ApiFailure(res.status, String(body.message ?? `${res.status} ${res.statusText}`), body);
  return body as T;
}

const post = <T>(url: string, body: unknown) => call<T>(url, { method: 'POST', body: JSON.stringify(body) });
const planUrl = (planId: number, rest = '') => `/api/plans/${planId}${rest}`;

export const listPlans = () => call<{ plans: Plan[] }>('/api/plans').then((r) => r.plans);
export const createPlan = (name: string, scopeGridId: number | null) => post<Plan>('/api/plans', { name, scope_grid_id: scopeGridId });

export async function fetchPlan(planId: number, filter: { parent?: number; level?: number; diff?: false } = {}): Promise<OpenedPlan & { gridList: PlanGrid[] }> {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  const plan = await call<OpenedPlan>(planUrl(planId, query.size ? `?${query}` : ''));
  return { ...plan, gridList: plan.grids.features.map(asGrid) };
}

/** the plan's diff alone (a full plan read computes it too) */
export const fetchDiff = (planId: number) => call<PlanDiff>(planUrl(planId, '/diff'));

export const createGrid = (planId: number, body: { parent_id: number; geometry: Polygon | MultiPolygon; name?: string; code?: string; worker_id?: number | null }) =>
  post<Feature>(planUrl(planId, '/grids'), body).then(asGrid);

export const changeGrids = (planId: number, grids: GridChange[], note?: string) =>
  post<{ grids: Feature[] }>(planUrl(planId, '/changes'), { note, grids }).then((r) => r.grids.map(asGrid));

export const deleteGrid = (planId: number, gridId: number, version: number) =>
  call<void>(planUrl(planId, `/grids/${gridId}`), { method: 'DELETE', headers: { 'if-match': `"${version}"` } });

export const splitGrid = (planId: number, gridId: number, line: LineString, version: number) =>
  post<{ grids: Feature[] }>(planUrl(planId, '/split'), { grid_id: gridId, line, version }).then((r) => r.grids.map(asGrid));

export const mergeGrids = (planId: number, gridIds: number[]) =>
  post<{ grid: Feature; removed: number[] }>(planUrl(planId, '/merge'), { grid_ids: gridIds }).then((r) => ({ grid: asGrid(r.grid), removed: r.removed }));

export const reassignBuildings = (planId: number, body: { to_grid_id: number; building_ids?: number[]; compound_id?: number }) =>
  post<{ grids: Feature[] }>(planUrl(planId, '/reassign'), body).then((r) => r.grids.map(asGrid));

export const validatePlan = (planId: number) => call<ValidationResult>(planUrl(planId, '/validate'));

export const fixPlan = (planId: number) =>
  post<{ changed: Feature[]; validation: ValidationResult }>(planUrl(planId, '/fix'), {}).then((r) => ({ changed: r.changed.map(asGrid), validation: r.validation }));

export const publishPlan = (planId: number, forceReason?: string) =>
  post<{ generation: number }>(planUrl(planId, '/publish'), forceReason ? { force_reason: forceReason } : {});

export const listCommunities = () =>
  call<FeatureCollection<Polygon | MultiPolygon, { id: number; code: string; name: string }>>('/api/grids?level=1').then((fc) => fc.features.map((f) => f.properties));

export const planExportUrl = (planId: number) => planUrl(planId, '/export.geojson');
export const publishedExportUrl = (level: number) => `/api/grids?level=${level}`;
export const gridCardUrl = (gridId: number) => `/api/grids/${gridId}/card.pdf`;

export type { Issue };

export interface StaffOption {
  staff_id: number;
  name: string;
}

/** Staff who can be assigned as grid workers: everyone the workers ledger names, once each. */
export async function listWorkers(): Promise<StaffOption[]> {
  const page = await call<{ items: Array<{ worker: StaffOption | null }> }>('/api/ledgers/workers?limit=1000');
  const byId = new Map<number, StaffOption>();
  for (const { worker } of page.items) if (worker) byId.set(worker.staff_id, { staff_id: worker.staff_id, name: worker.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

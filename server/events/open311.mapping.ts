// Our events as Open311 GeoReport v2 sees them: services are our subcategories (grouped by their
// GB/T 30428.2 class), a request's status is open or closed, and expected_datetime is the acceptance
// time limit. Pure, so the mapping is tested without HTTP.
import { CATEGORIES } from './event.categories.ts';
import type { EventView } from './event.repository.ts';
import { TERMINAL } from './event.workflow.ts';
import { expectedAt } from './time.limits.ts';

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** Codes are class and subcategory positions, "01.02": stable as long as the table only grows at the end. */
export const SERVICES: Service[] = Object.entries(CATEGORIES).flatMap(([category, subs], i) =>
  subs.map((sub, j) => ({
    service_code: `${String(i + 1).padStart(2, '0')}.${String(j + 1).padStart(2, '0')}`,
    service_name: sub, description: `${category} — ${sub}`, metadata: false as const, type: 'realtime' as const, keywords: `${category},${sub}`, group: category,
  })),
);

export const serviceByCode = (code: string) => SERVICES.find((s) => s.service_code === code);
const serviceOf = (e: Pick<EventView, 'category' | 'subcategory'>) => SERVICES.find((s) => s.group === e.category && s.service_name === e.subcategory);

export const open311Status = (e: Pick<EventView, 'status'>): 'open' | 'closed' => (TERMINAL.includes(e.status) ? 'closed' : 'open');

/**
 * A request as the public sees it. The description is left out on purpose: it is free text a
 * reporter may have filled with names and phone numbers, and these answers need no login.
 */
export function toRequest(e: EventView) {
  const service = serviceOf(e);
  return {
    service_request_id: String(e.id),
    status: open311Status(e),
    status_notes: e.status,
    service_name: service?.service_name ?? e.subcategory ?? e.category,
    service_code: service?.service_code ?? null,
    requested_datetime: e.reported_at,
    updated_datetime: e.updated_at,
    expected_datetime: expectedAt(e.status, e.due),
    address: null,
    lat: e.lat,
    long: e.lon,
    media_url: null,
  };
}

// Who may file a report through which channel. Residents (app, kiosk) need no account — a resident
// should never have to register to report a blocked drain — so that door is rate-limited per address
// instead. A patrol find comes from a grid worker; a hotline call is entered by a dispatcher or by the
// 12345 system through an API token of a dispatcher account.
import type { AuthUser } from '../auth/access.rule.ts';
import type { EventSource } from './event.categories.ts';

export type ReportVerdict = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

export function mayReport(source: EventSource, user: AuthUser | null): ReportVerdict {
  // open311 is never chosen by a caller: the JSON intake's schema leaves it out, only the Open311 route sets it
  if (source === 'app' || source === 'kiosk' || source === 'open311') return { allowed: true };
  const needs = source === 'patrol' ? ['grid_worker', 'dispatcher', 'admin'] : ['dispatcher', 'admin'];
  if (!user) return { allowed: false, status: 401, reason: `a ${source} report needs an account (${needs.join(', ')}): log in or send an API token` };
  if (!needs.includes(user.role)) return { allowed: false, status: 403, reason: `your role (${user.role}) may not file ${source} reports; that needs ${needs.join(', ')}` };
  return { allowed: true };
}

/** How the log names the reporter: the account, or the public channel (never the resident's name). */
export const reporterActor = (source: EventSource, user: AuthUser | null): string =>
  user ? (user.display_name ?? user.username) : ({ app: '居民（App）', kiosk: '居民（自助终端）', open311: 'Open311', hotline: '12345热线', patrol: '巡查' } as const)[source];

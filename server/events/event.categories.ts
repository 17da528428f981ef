// Event classes after GB/T 30428.2 (数字化城市管理 事件分类): the same table the demo history draws from,
// so a seeded event and a reported one speak the same categories (and Open311 lists them as services).
import { EVENT_CATEGORIES } from '../demo/event.history.ts';

export const CATEGORIES: Readonly<Record<string, readonly string[]>> = EVENT_CATEGORIES;

export const SOURCES = ['app', 'hotline', 'patrol', 'kiosk', 'open311'] as const;
export type EventSource = (typeof SOURCES)[number];

export type CategoryCheck = { valid: true } | { valid: false; reason: string };

export function checkCategory(category: string, subcategory?: string | null): CategoryCheck {
  const subs = CATEGORIES[category];
  if (!subs) return { valid: false, reason: `unknown category "${category}"; one of: ${Object.keys(CATEGORIES).join(', ')}` };
  if (subcategory != null && !subs.includes(subcategory)) {
    return { valid: false, reason: `unknown subcategory "${subcategory}" of ${category}; one of: ${subs.join(', ')}` };
  }
  return { valid: true };
}

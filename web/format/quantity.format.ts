// Numbers as a person reads them in each locale: 12,345 households; 8,200 m² but 1.35 km².
import type { Locale } from '../i18n/i18n.ts';

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

export interface Area {
  value: string;
  unit: 'm2' | 'km2';
}

/** Below a tenth of a km² square metres read better; above it, km² with two decimals. */
export function formatArea(m2: number, locale: Locale): Area {
  if (m2 < 100_000) return { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(m2), unit: 'm2' };
  return { value: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(m2 / 1e6), unit: 'km2' };
}

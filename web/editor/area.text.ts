// An area as the planner reads it in the current locale: "8,200 平方米", "1.35 km²".
import { formatArea } from '../format/quantity.format.ts';
import { locale, t } from '../i18n/i18n.ts';

export function areaText(m2: number): string {
  const { value, unit } = formatArea(m2, locale.value);
  return t(`unit.${unit}`, { n: value });
}

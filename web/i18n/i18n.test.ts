import { describe, expect, it } from 'vitest';
import { format, locales, locale, t, toggleLocale, translate } from './i18n.ts';

describe('i18n', () => {
  it('has the same keys, all non-empty, in every table', () => {
    const reference = Object.keys(locales['zh-CN']).sort();
    for (const table of Object.values(locales)) {
      expect(Object.keys(table).sort()).toEqual(reference);
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(locales['zh-CN']) as (keyof (typeof locales)['zh-CN'])[]) {
      expect(placeholders(locales.en[key]), key).toEqual(placeholders(locales['zh-CN'][key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{n} 户', { n: 312 })).toBe('312 户');
    expect(format('{n} of {total}', { n: 1 })).toBe('1 of {total}');
    expect(translate(locales.en, 'panel.hint', { level: 'grid' })).toBe('Click a grid on the map for details');
  });

  it('starts in Chinese and toggles to English and back', () => {
    expect(locale.value).toBe('zh-CN');
    expect(t('badge.demo')).toBe('示例数据');
    toggleLocale();
    expect(t('badge.demo')).toBe('Demo data');
    toggleLocale();
    expect(t('level.2')).toBe('网格');
  });
});

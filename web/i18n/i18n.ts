// A tiny i18n: one reactive locale and a message table per language. Components never hold UI text;
// they ask t(key). zh-CN is the reference table, so a key missing from another table is a type error.
import { ref, watchEffect } from 'vue';
import zhCN from './zh-CN.ts';
import en from './en.ts';

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
export type Locale = 'zh-CN' | 'en';

export const locales: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

const storageKey = 'wangge.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export const locale = ref<Locale>(initialLocale());

watchEffect(() => {
  globalThis.localStorage?.setItem(storageKey, locale.value);
  if (globalThis.document) document.documentElement.lang = locale.value;
});

/** Replaces {name} placeholders; an unknown placeholder stays visible so the mistake shows. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(table: Messages, key: MessageKey, params?: Record<string, string | number>): string {
  return format(table[key], params);
}

/** Reads the current locale, so a template that calls it re-renders when the locale changes. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(locales[locale.value], key, params);
}

export function toggleLocale(): void {
  locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN';
}

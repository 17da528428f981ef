import { describe, expect, it } from 'vitest';
import { applyKey, keyboardRows, maxQueryLength, type Key } from './keyboard.layout.ts';

const type = (keys: Key[], from = '') => keys.reduce(applyKey, from);
const key = (label: string): Key => {
  const found = keyboardRows.flat().find((k) => (k.kind === 'text' ? k.text === label : k.action === label));
  if (!found) throw new Error(`no key ${label}`);
  return found;
};

describe('on-screen keyboard', () => {
  it('has every digit and Latin letter once, backspace and clear', () => {
    const texts = keyboardRows.flat().flatMap((k) => (k.kind === 'text' ? [k.text] : []));
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') expect(texts.filter((t) => t === c)).toEqual([c]);
    expect(keyboardRows.flat().filter((k) => k.kind === 'action').map((k) => (k.kind === 'action' ? k.action : ''))).toEqual(['backspace', 'clear']);
  });

  it('types pinyin initials, numbers and common characters', () => {
    expect(type(['w', 'j', 'h', 'y'].map(key))).toBe('wjhy');
    expect(type([key('3'), key('栋')], '康乐路')).toBe('康乐路3栋');
    expect(type([key('花园')], '万景')).toBe('万景花园');
  });

  it('backspace removes one character (a whole ideograph), clear empties', () => {
    expect(type([key('backspace')], '万景花园')).toBe('万景花');
    expect(type([key('backspace')], '')).toBe('');
    expect(type([key('clear')], '万景花园')).toBe('');
  });

  it('stops at the search limit', () => {
    const full = 'a'.repeat(maxQueryLength);
    expect(type([key('b')], full)).toBe(full);
    expect(type([key('b')], full.slice(1))).toBe(full.slice(1) + 'b');
  });
});

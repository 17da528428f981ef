// The kiosk's on-screen keyboard: digits and Latin letters for pinyin and initials (the server turns
// "wjhy" into 万景花园), a few characters that addresses are made of, backspace and clear. Pure data and
// one pure edit function; TouchKeyboard.vue only draws it.

export type KeyAction = 'backspace' | 'clear';

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'action'; action: KeyAction };

/** Same limit as GET /api/search's q. */
export const maxQueryLength = 100;

const text = (chars: string): Key[] => [...chars].map((c) => ({ kind: 'text', text: c }));

/** Characters of addresses and compound names that pinyin initials alone would make ambiguous. */
export const commonCharacters = ['路', '号', '栋', '楼', '小区', '花园', '苑', '大道'];

export const keyboardRows: Key[][] = [
  text('1234567890'),
  text('qwertyuiop'),
  [...text('asdfghjkl'), { kind: 'action', action: 'backspace' }],
  [...text('zxcvbnm'), { kind: 'action', action: 'clear' }],
  commonCharacters.map((c) => ({ kind: 'text', text: c })),
];

/** The query after a key press; text beyond the server's limit is not added. */
export function applyKey(query: string, key: Key): string {
  if (key.kind === 'action') return key.action === 'clear' ? '' : [...query].slice(0, -1).join('');
  const next = query + key.text;
  return [...next].length > maxQueryLength ? query : next;
}

// Keyboard shortcuts of the editor, as data: what a key press asks for. Typing in a form field is never a shortcut.
export type EditorCommand = 'undo' | 'redo' | 'select' | 'draw' | 'split' | 'merge' | 'delete' | 'reassign' | 'detach' | 'escape' | 'validate';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** the element the key went to */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

const plainKeys: Record<string, EditorCommand> = {
  v: 'select', d: 'draw', s: 'split', m: 'merge', b: 'reassign', x: 'detach', Delete: 'delete', Backspace: 'delete', Escape: 'escape',
};

/** the key shown in tooltips for each command */
export const shortcutLabels: Record<EditorCommand, string> = {
  undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z', select: 'V', draw: 'D', split: 'S', merge: 'M', delete: 'Del', reassign: 'B', detach: 'X', escape: 'Esc', validate: 'Ctrl+Enter',
};

export function commandFor(e: KeyPress): EditorCommand | null {
  const tag = e.target?.tagName?.toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.target?.isContentEditable) return e.key === 'Escape' ? 'escape' : null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.ctrlKey || e.metaKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'Enter') return 'validate';
    return null;
  }
  if (e.altKey) return null;
  return plainKeys[key] ?? null;
}

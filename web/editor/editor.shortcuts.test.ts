import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from './editor.shortcuts.ts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: { tagName: 'DIV' }, ...more });

describe('editor shortcuts', () => {
  it('maps undo and redo with Ctrl or Cmd', () => {
    expect(commandFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(commandFor(press('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(commandFor(press('y', { ctrlKey: true }))).toBe('redo');
  });

  it('maps tool letters and Delete', () => {
    expect(['d', 'S', 'm', 'Delete', 'Escape'].map((k) => commandFor(press(k)))).toEqual(['draw', 'split', 'merge', 'delete', 'escape']);
  });

  it('leaves typing in form fields alone, except Escape', () => {
    expect(commandFor(press('d', { target: { tagName: 'INPUT' } }))).toBeNull();
    expect(commandFor(press('z', { ctrlKey: true, target: { tagName: 'textarea' } }))).toBeNull();
    expect(commandFor(press('Escape', { target: { tagName: 'INPUT' } }))).toBe('escape');
  });
});

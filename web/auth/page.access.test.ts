import { describe, expect, it } from 'vitest';
import type { Role } from './auth.api.ts';
import { pageVerdict, safeNext } from './page.access.ts';

const as = (role: Role) => ({ id: 1, username: 'u', display_name: null, role, staff_id: null });

describe('pageVerdict', () => {
  it('sends visitors of the editor and dispatch to the login, keeps the map and kiosk open', () => {
    for (const page of ['editor', 'dispatch']) expect(pageVerdict(page, null)).toBe('login');
    for (const page of ['map', 'kiosk', 'login', undefined]) expect(pageVerdict(page, null)).toBe('allow');
  });

  it('lets planners edit and dispatchers dispatch; says denied to the others', () => {
    expect(pageVerdict('editor', as('planner'))).toBe('allow');
    expect(pageVerdict('editor', as('admin'))).toBe('allow');
    expect(pageVerdict('editor', as('dispatcher'))).toBe('denied');
    expect(pageVerdict('editor', as('grid_worker'))).toBe('denied');
    expect(pageVerdict('dispatch', as('dispatcher'))).toBe('allow');
    expect(pageVerdict('dispatch', as('grid_worker'))).toBe('allow');
    expect(pageVerdict('dispatch', as('planner'))).toBe('denied');
  });
});

describe('safeNext', () => {
  it('returns to a page of this site only', () => {
    expect(safeNext('/editor/plans/7?x=1')).toBe('/editor/plans/7?x=1');
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, ['/'], '/login?next=/x']) expect(safeNext(bad)).toBe('/');
  });
});

import { describe, expect, it } from 'vitest';
import { checkAccess, isAccess, ROLES, type AuthUser, type Role } from './access.rule.ts';
import { defaultAccess, isPublicPath } from './public.surface.ts';

const user = (role: Role): AuthUser => ({ id: 1, username: 'u', display_name: null, role, staff_id: role === 'grid_worker' ? 2 : null, via: 'session' });

describe('checkAccess', () => {
  it('lets anyone through a public route, and no one without an account through any other', () => {
    expect(checkAccess('public', null)).toEqual({ allowed: true });
    expect(checkAccess('authenticated', null)).toMatchObject({ allowed: false, status: 401 });
    expect(checkAccess(['admin'], null)).toMatchObject({ allowed: false, status: 401 });
  });

  it('admits exactly the listed roles (admin is not implied) and says which roles a 403 needed', () => {
    for (const role of ROLES) {
      expect(checkAccess('authenticated', user(role)).allowed).toBe(true);
      expect(checkAccess(['planner', 'admin'], user(role)).allowed).toBe(role === 'planner' || role === 'admin');
      expect(checkAccess(['dispatcher'], user(role)).allowed).toBe(role === 'dispatcher');
    }
    expect(checkAccess(['planner'], user('grid_worker'))).toEqual({ allowed: false, status: 403, message: expect.stringMatching(/grid_worker.*planner/) });
  });

  it('recognises well-formed declarations only', () => {
    expect(isAccess('public')).toBe(true);
    expect(isAccess(['planner', 'admin'])).toBe(true);
    for (const bad of ['everyone', [], ['root'], ['admin', 'Admin'], null, 3, { roles: ['admin'] }]) expect(isAccess(bad)).toBe(false);
  });
});

describe('public surface', () => {
  it('keeps the map, tiles, lookups, search, grids, validation, docs and the web app open', () => {
    for (const url of ['/healthz', '/tiles/:layer.json', '/tiles/:layer/:z/:x/:y.mvt', '/api/lookup', '/api/lookup/batch', '/api/search', '/api/grids', '/api/grids/:id',
      '/api/validate', '/api/validate/current', '/api/kiosk', '/docs', '/docs/json', '/', '/editor', '/editor/*', '/dispatch/*', '/kiosk', '/login', '/assets/*', '/basemap/*']) {
      expect(isPublicPath(url), url).toBe(true);
      expect(defaultAccess(url)).toBe('public');
    }
  });

  it('closes everything else that declares nothing to all but admins', () => {
    for (const url of ['/api/plans', '/api/events', '/api/residents', '/api/lookups', '/api/gridsx', '/tiles', '/open311/v2/requests.json', '/api/validatex']) {
      expect(isPublicPath(url), url).toBe(false);
      expect(defaultAccess(url)).toEqual(['admin']);
    }
  });
});

// Who sees personal numbers in full (信息保密制度). Pure. Admins do; a grid worker does only when they
// ask for it explicitly (reveal) — their routes only ever reach their own grids' records — and the
// read is audited as read_full. Everyone else, and everyone by default, sees masks.
import type { AuthUser } from '../auth/access.rule.ts';
import type { Actor } from '../auth/audit.repository.ts';
import type { GridScope } from '../auth/grid.scope.ts';

export function seesFull(user: AuthUser, reveal: boolean): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'grid_worker' && reveal;
}

/** Who reads registry records: for the audit, for the row-level scope, and for masking. */
export interface Viewer {
  actor: Actor;
  scope: GridScope;
  /** unmasked ID numbers and phones */
  full: boolean;
}

// Test coverages drawn on a lattice of 0.001° cells (about 94 m × 111 m) near Nanjing: rect(0, 0, 2, 1)
// is two cells wide and one high. Shared by the validation and fix specs.
import type { Polygon } from 'geojson';
import type { GridInput, Position2 } from './coverage.types.ts';

export const x0 = 118.78;
export const y0 = 32.04;
export const d = 0.001;
export const at = (i: number, j: number): Position2 => [x0 + i * d, y0 + j * d];
export const polygon = (...ring: Position2[]): Polygon => ({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
export const rect = (i0: number, j0: number, i1: number, j1: number) => polygon(at(i0, j0), at(i1, j0), at(i1, j1), at(i0, j1));
/** a level-2 grid of parent 'P', with a worker */
export const child = (id: string, geometry: GridInput['geometry']): GridInput => ({ id, level: 2, parent_id: 'P', geometry, worker_id: 1 });

// Do two validation results say the same thing? Used to hold the PostGIS check and the TypeScript core to
// one answer: the same issues (type, grids, parent) with areas within a relative tolerance.
import type { Issue } from '../geometry/coverage.types.ts';

export interface Disagreement {
  key: string;
  left: number[];
  right: number[];
}

/** order-free identity of an issue: a gap's neighbours are a set, an overlap's pair too */
export function issueKey(issue: Issue): string {
  const grids = issue.grids.map(String).sort();
  return [issue.type, issue.severity, grids.join(','), String(issue.parent_id), issue.building_id ?? ''].join('|');
}

/** issues of the same key must pair up with areas within `relative` (or `absoluteM2`) of each other */
export function compareIssues(left: Issue[], right: Issue[], relative = 0.01, absoluteM2 = 0.01): Disagreement[] {
  const group = (issues: Issue[]) => {
    const map = new Map<string, number[]>();
    for (const i of issues) map.set(issueKey(i), [...(map.get(issueKey(i)) ?? []), i.area_m2]);
    for (const areas of map.values()) areas.sort((a, b) => a - b);
    return map;
  };
  const l = group(left);
  const r = group(right);
  const out: Disagreement[] = [];
  for (const key of new Set([...l.keys(), ...r.keys()])) {
    const a = l.get(key) ?? [];
    const b = r.get(key) ?? [];
    const agree = a.length === b.length && a.every((x, k) => Math.abs(x - b[k]) <= Math.max(absoluteM2, relative * Math.max(x, b[k])));
    if (!agree) out.push({ key, left: a, right: b });
  }
  return out;
}

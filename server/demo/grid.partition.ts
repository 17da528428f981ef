// Splitting a set of tiles (blocks or lots) into an exact number of compact parts of about equal weight
// (households). The demo's grid counts are fixed by the real street it imitates (Maigaoqiao: 13 / 255 /
// 3,052), so the split is driven by counts first and balance second.

export interface PartitionItem {
  /** centre, lattice units */
  x: number;
  y: number;
  weight: number;
  /** the enclosing parcel: cuts prefer to fall between parcels, so a compound stays in one grid */
  cluster?: number;
  clusterX?: number;
  clusterY?: number;
}

interface Keyed<T> {
  item: T;
  primary: number;
  cluster: number;
  secondary: number;
  tertiary: number;
}

/**
 * Recursive bisection: cut along the longer side at the position whose weight best matches the share
 * of parts on each side. Each side keeps at least as many items as parts it must make, so every part
 * is non-empty. Parts come out ordered west→east or north→south, which is how grids get numbered.
 */
export function partitionByWeight<T extends PartitionItem>(items: readonly T[], parts: number): T[][] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`parts must be a positive integer, got ${parts}`);
  if (items.length < parts) throw new Error(`cannot make ${parts} non-empty parts from ${items.length} items`);
  const out: T[][] = [];
  split(items.slice(), parts, out);
  return out;
}

function split<T extends PartitionItem>(items: T[], parts: number, out: T[][]): void {
  if (parts === 1) {
    out.push(items);
    return;
  }
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const it of items) {
    if (it.x < x0) x0 = it.x;
    if (it.x > x1) x1 = it.x;
    if (it.y < y0) y0 = it.y;
    if (it.y > y1) y1 = it.y;
  }
  const alongX = x1 - x0 >= y1 - y0;
  // North first when cutting across y: the lattice's v grows northwards, so sort by -y.
  const keyed: Keyed<T>[] = items.map((item) => {
    const a = alongX ? item.x : -item.y;
    const b = alongX ? -item.y : item.x;
    const c = alongX ? (item.clusterX ?? item.x) : -(item.clusterY ?? item.y);
    return { item, primary: c, cluster: item.cluster ?? -1, secondary: a, tertiary: b };
  });
  keyed.sort((p, q) => p.primary - q.primary || p.cluster - q.cluster || p.secondary - q.secondary || p.tertiary - q.tertiary);
  const sorted = keyed.map((k) => k.item);

  const n = sorted.length;
  const first = Math.floor(parts / 2);
  const second = parts - first;
  let total = 0;
  for (const it of sorted) total += it.weight;
  const target = (total * first) / parts;
  // Cutting through a parcel costs as much as missing the target by a fifth of one part's weight.
  const penalty = (0.2 * total) / parts;
  let best = first;
  let bestCost = Infinity;
  let prefix = 0;
  for (let i = 0; i < n; i++) {
    if (i >= first && i <= n - second) {
      const inside = i > 0 && sorted[i - 1].cluster !== undefined && sorted[i - 1].cluster === sorted[i].cluster;
      const cost = Math.abs(prefix - target) + (inside ? penalty : 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    prefix += sorted[i].weight;
  }
  split(sorted.slice(0, best), first, out);
  split(sorted.slice(best), second, out);
}

/**
 * Shares `total` parts among buckets in proportion to their weights (largest remainder), each bucket
 * getting at least one and at most its cap. Throws when the caps cannot hold the total.
 */
export function allocate(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) throw new Error('nothing to allocate to');
  if (total < n) throw new Error(`cannot give each of ${n} buckets at least one of ${total}`);
  let capacity = 0;
  for (const c of caps) {
    if (c < 1) throw new Error('every bucket needs room for at least one part');
    capacity += c;
  }
  if (capacity < total) throw new Error(`caps hold only ${capacity} of ${total} parts`);
  const result = new Array<number>(n).fill(1);
  let left = total - n;
  // Fill proportionally among buckets that still have room, repeating as caps bind.
  while (left > 0) {
    const open = [...Array(n).keys()].filter((i) => result[i] < caps[i]);
    let w = 0;
    for (const i of open) w += Math.max(weights[i], 0);
    const share = open.map((i) => (w > 0 ? (left * Math.max(weights[i], 0)) / w : left / open.length));
    let given = 0;
    const remainders: Array<[number, number]> = [];
    open.forEach((i, k) => {
      const whole = Math.min(Math.floor(share[k]), caps[i] - result[i]);
      result[i] += whole;
      given += whole;
      remainders.push([share[k] - Math.floor(share[k]), i]);
    });
    left -= given;
    if (left === 0) break;
    remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    let progressed = given > 0;
    for (const [, i] of remainders) {
      if (left === 0) break;
      if (result[i] < caps[i]) {
        result[i]++;
        left--;
        progressed = true;
      }
    }
    if (!progressed) throw new Error('allocation made no progress');
  }
  return result;
}

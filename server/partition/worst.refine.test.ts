// The phase after annealing, on graphs small enough to check by hand: ejection chains that pass
// households through a full grid, and the certified bound where compound sizes rule 10% out.
import { describe, expect, it } from 'vitest';
import { pieces, type PartitionGraph } from './partition.graph.ts';
import { graphOf } from './graph.fixture.ts';
import { polishWorst, defaultPolish } from './minmax.polish.ts';
import { infeasibleNodes } from './feasibility.bound.ts';
import { solvePartition } from './partition.solve.ts';
import { scoreProposal } from './partition.score.ts';


const householdsOfParts = (g: PartitionGraph, part: Int32Array, k: number) => {
  const h = new Array(k).fill(0);
  for (let v = 0; v < g.size; v++) h[part[v]] += g.households[v];
  return h;
};

describe('polishWorst', () => {
  it('passes households from an overfull grid through a full one to an underfull one', () => {
    // a row of 18 blocks of 50: grids of 7, 6 and 5 blocks (350, 300, 250; share 300, ±16.7%)
    const g = graphOf(new Array(18).fill(50));
    const part = Int32Array.from({ length: 18 }, (_, v) => (v < 7 ? 0 : v < 13 ? 1 : 2));
    // a single move only shifts the excess to the middle grid: it takes a chain of two
    expect(polishWorst(g, [...Array(18).keys()], 3, 0, part, 300, defaultPolish)).toBe(true);
    expect(householdsOfParts(g, part, 3)).toEqual([300, 300, 300]);
    for (let p = 0; p < 3; p++) expect(pieces(g, (v) => part[v] === p)).toHaveLength(1);
  });

  it('never cuts a grid in two to balance it', () => {
    // a star: the centre (0 households) holds grid 0 together; its leaves may not leave through it
    const g = graphOf([0, 100, 100, 100, 100, 60], [[0, 1], [0, 2], [0, 3], [1, 4], [4, 5]]);
    const part = new Int32Array([0, 0, 0, 0, 1, 1]);
    polishWorst(g, [...Array(6).keys()], 2, 0, part, 230, defaultPolish);
    for (let p = 0; p < 2; p++) expect(pieces(g, (v) => part[v] === p)).toHaveLength(1);
  });
});

describe('infeasibleNodes', () => {
  // 迈化's case: a 116-household compound whose only neighbours are three 136-household compounds, in
  // a ring of 112-household blocks; 16 grids' worth of households overall puts the share near 307.6
  const ring = (): PartitionGraph => {
    const households = [116, 136, 136, 136, 112, 112, 112];
    const links: Array<[number, number]> = [[0, 1], [0, 2], [0, 3], [1, 4], [2, 5], [3, 6], [4, 5], [5, 6]];
    return graphOf(households, links);
  };

  it('proves the grid of a compound walled in by larger ones must deviate', () => {
    const [worst] = infeasibleNodes(ring(), 307.6, 0.1);
    expect(worst.node).toBe(0);
    expect(worst.nearest_below).toBe(252);
    expect(worst.nearest_above).toBe(364);
    expect(worst.best_possible_deviation).toBeCloseTo((307.6 - 252) / 307.6, 6);
    expect(worst.neighbours).toEqual([136, 136, 136]);
  });

  it('counts household-free blocks as passages, so it never claims too much', () => {
    // a park (0) joins the 116 to a 180-household block: 296 is within 10% of 307.6
    const g = graphOf([116, 136, 136, 136, 0, 180], [[0, 1], [0, 2], [0, 3], [0, 4], [4, 5]]);
    expect(infeasibleNodes(g, 307.6, 0.1).map((b) => b.node)).not.toContain(0);
  });

  it('never exceeds the optimum, which the solver reaches (all partitions enumerated)', () => {
    const g = ring();
    const k = 3;
    const solution = solvePartition(g, { parts: k, seed: 1 });
    const score = scoreProposal(g, solution);
    const optimum = bestByEnumeration(g, k, score.share);
    expect(infeasibleNodes(g, score.share, 0.1)[0].best_possible_deviation).toBeLessThanOrEqual(optimum + 1e-9);
    expect(score.max_deviation).toBeCloseTo(optimum, 9);
  });
});

/** The least worst deviation over every partition of g into k non-empty connected parts. */
function bestByEnumeration(g: PartitionGraph, k: number, share: number): number {
  let best = Infinity;
  const part = new Int32Array(g.size);
  for (let code = 0; code < k ** g.size; code++) {
    for (let v = 0, c = code; v < g.size; v++, c = Math.floor(c / k)) part[v] = c % k;
    const h = householdsOfParts(g, part, k);
    const worst = Math.max(...h.map((x) => Math.abs(x - share) / share));
    if (worst >= best) continue;
    if ([...Array(k).keys()].every((p) => pieces(g, (v) => part[v] === p).length === 1)) best = worst;
  }
  return best;
}

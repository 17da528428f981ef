import { describe, expect, it } from 'vitest';
import { gridChain, isOutside } from './grid.chain.ts';

const community = { id: 1, code: '350206006001', name: '康乐社区', level: 1, parent_id: null };
const grid = { id: 3, code: '350206006001002', name: '康乐社区第2网格', level: 2, parent_id: 1 };
const group = { id: 20, code: '350206006001002004', name: '第4楼组', level: 3, parent_id: 3 };

describe('grid chain of a lookup', () => {
  it('names community, grid and building group', () => {
    expect(gridChain({ grids: [community, grid, group] })).toEqual({ community, grid, buildingGroup: group });
    expect(gridChain({ grids: [community, grid] })).toEqual({ community, grid, buildingGroup: null });
  });

  it('takes the deepest grid when a district has no level 2', () => {
    const deep = { ...group, parent_id: 1 };
    expect(gridChain({ grids: [community, deep] })).toEqual({ community, grid: deep, buildingGroup: deep });
    expect(gridChain({ grids: [community] })).toEqual({ community, grid: null, buildingGroup: null });
  });

  it('is empty outside every grid', () => {
    expect(gridChain({ grids: [] })).toEqual({ community: null, grid: null, buildingGroup: null });
    expect(isOutside({ grids: [] })).toBe(true);
    expect(isOutside({ grids: [community] })).toBe(false);
  });
});

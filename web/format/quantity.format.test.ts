import { describe, expect, it } from 'vitest';
import { formatArea, formatCount } from './quantity.format.ts';

describe('formatArea', () => {
  it('keeps small grids in square metres, without decimals', () => {
    expect(formatArea(8_234.6, 'zh-CN')).toEqual({ value: '8,235', unit: 'm2' });
    expect(formatArea(99_999, 'en')).toEqual({ value: '99,999', unit: 'm2' });
  });
  it('switches to km² with two decimals from a tenth of a km²', () => {
    expect(formatArea(100_000, 'en')).toEqual({ value: '0.10', unit: 'km2' });
    expect(formatArea(12_460_000, 'zh-CN')).toEqual({ value: '12.46', unit: 'km2' });
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(180000, 'zh-CN')).toBe('180,000');
    expect(formatCount(312, 'en')).toBe('312');
  });
});

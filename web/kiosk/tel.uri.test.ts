import { describe, expect, it } from 'vitest';
import { formatPhone, telUri } from './tel.uri.ts';

describe('tel: URI', () => {
  it('keeps the digits and a leading +', () => {
    expect(telUri('13800000003')).toBe('tel:13800000003');
    expect(telUri(' 0592-555 1234 ')).toBe('tel:05925551234');
    expect(telUri('(025) 8888-0001')).toBe('tel:02588880001');
    expect(telUri('+86 138 0000 0003')).toBe('tel:+8613800000003');
  });

  it('has nothing to dial without a number', () => {
    expect(telUri(null)).toBeNull();
    expect(telUri('')).toBeNull();
    expect(telUri('见居委会公告')).toBeNull();
    expect(telUri('12')).toBeNull();
    expect(telUri('1380000+0003')).toBeNull();
  });
});

describe('phone as shown', () => {
  it('groups mobiles 3-4-4 and sets area codes apart', () => {
    expect(formatPhone('13800000003')).toBe('138 0000 0003');
    expect(formatPhone('138-0000-0003')).toBe('138 0000 0003');
    expect(formatPhone('05925551234')).toBe('0592-5551234');
    expect(formatPhone('02588880001')).toBe('025-88880001');
    expect(formatPhone('01062345678')).toBe('010-62345678');
    expect(formatPhone(' 12345 ')).toBe('12345');
  });
});

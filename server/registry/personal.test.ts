import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './personal.mask.ts';
import { checkIdNumber, checkPhone, checkTag } from './personal.validate.ts';

describe('masks', () => {
  it('keeps the region and the last four of an ID number, the prefix and last four of a phone', () => {
    expect(maskIdNumber('320113199001011234')).toBe('320113********1234');
    expect(maskIdNumber('99308219451004569X')).toBe('993082********569X');
    expect(maskPhone('13811111111')).toBe('138****1111');
    expect(maskPhone('0592-5551234')).toBe('059*****1234');
    expect(maskPhone('5551234')).toBe('*******');
    expect(maskIdNumber(null)).toBeNull();
    expect(maskPhone(null)).toBeNull();
  });

  it('never shows more than four characters of a short value', () => {
    for (const v of ['1', '12345', '123456789']) expect(maskIdNumber(v)).toBe('*'.repeat(v.length));
  });
});

describe('checkIdNumber', () => {
  it('accepts a number with a valid date and check character', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ valid: true });
    expect(checkIdNumber('993082194510045693')).toEqual({ valid: true });
  });

  it.each([
    ['1101051949123100', /18 characters/],
    ['11010519491231002x', /18 characters/],
    ['110105194913310021', /birth date/],
    ['110105194902300021', /birth date/],
    ['110105299901010021', /birth date/],
    ['110105194912310021', /check character/],
  ])('refuses %s', (value, reason) => {
    const result = checkIdNumber(value);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });
});

describe('checkPhone and checkTag', () => {
  it('knows mobiles and landlines', () => {
    for (const ok of ['13800001111', '19912345678', '0592-5551234', '02588886666']) expect(checkPhone(ok).valid).toBe(true);
    for (const bad of ['1380000111', '23800001111', '5551234', '+8613800001111', '138-0000-1111']) expect(checkPhone(bad).valid).toBe(false);
  });

  it('takes short words without separators', () => {
    expect(checkTag('独居老人').valid).toBe(true);
    for (const bad of ['', 'a b', '独居;老人', 'x'.repeat(21)]) expect(checkTag(bad).valid).toBe(false);
  });
});

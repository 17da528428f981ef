// Checks of the personal fields a registry row may carry, as values ({valid, reason}); pure.

export type Check = { valid: true } | { valid: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Resident ID number (居民身份证号码, GB 11643): 17 digits, a birth date, and the check character. */
export function checkIdNumber(value: string): Check {
  if (!/^\d{17}[\dX]$/.test(value)) return { valid: false, reason: 'an ID number has 18 characters: 17 digits and a digit or X' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1880 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getTime() > Date.now()) {
    return { valid: false, reason: 'the ID number does not contain a valid birth date' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * WEIGHTS[i];
  if (CHECK_CHARS[sum % 11] !== value[17]) return { valid: false, reason: 'the ID number’s check character is wrong (a digit may be mistyped)' };
  return { valid: true };
}

/** A mainland mobile (11 digits from 1) or a landline with its area code (0592-5551234, 05925551234). */
export function checkPhone(value: string): Check {
  if (/^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}$/.test(value)) return { valid: true };
  return { valid: false, reason: 'a phone is an 11-digit mobile number (13800001111) or a landline with area code (0592-5551234)' };
}

/** Key-group and other tags: short words; the ledger lists residents by them. */
export function checkTag(value: string): Check {
  if (value.length < 1 || value.length > 20 || /[,;，；、|\s]/.test(value)) return { valid: false, reason: `a tag is 1–20 characters without separators or spaces, got "${value.slice(0, 30)}"` };
  return { valid: true };
}

/** Tags a key-group ledger (重点人群台账) groups by; other tags are allowed and listed too. */
export const KEY_GROUP_TAGS = ['独居老人', '空巢老人', '残疾人', '低保户', '特困人员', '失业人员', '留守儿童', '退役军人', '重病患者'] as const;

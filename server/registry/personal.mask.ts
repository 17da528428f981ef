// Masks for personal data shown to someone who needs the record but not the full number: the region
// and the last four digits of an ID number (320113********1234), the operator prefix and last four
// of a phone (138****1111). Pure; applied in the registry, so every response path is masked alike.

export function maskIdNumber(value: string | null): string | null {
  if (value === null) return null;
  const chars = [...value];
  if (chars.length < 10) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

export function maskPhone(value: string | null): string | null {
  if (value === null) return null;
  const chars = [...value];
  if (chars.length < 8) return '*'.repeat(chars.length);
  // 11-digit mobiles keep 3 + 4 (138****1111); landlines like 0592-5551234 keep the area code part and 4
  const head = chars.length >= 11 ? 3 : chars.length - 8;
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - 4) + chars.slice(-4).join('');
}

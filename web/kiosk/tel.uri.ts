// A worker's public phone as printed on the kiosk card and as a tel: URI for the QR code that a
// resident scans to call. Phones are stored as people type them (spaces, dashes, brackets).

/** The RFC 3966 tel: URI of a phone number, or null when there is no number to dial. */
export function telUri(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/[\s\-().]/g, '');
  // a leading + is the only non-digit a dialler keeps; anything else means it is not a number
  if (!/^\+?\d{3,20}$/.test(digits)) return null;
  return `tel:${digits}`;
}

/**
 * How a number reads best aloud and on screen: Chinese mobiles as 3-4-4 (138 0000 0003), landlines with
 * their area code apart (0592-5551234); anything else as given.
 */
export function formatPhone(phone: string): string {
  const digits = phone.replace(/[\s\-().]/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  const landline = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$/.exec(digits);
  if (landline) return `${landline[1]}-${landline[2]}`;
  return phone.trim();
}

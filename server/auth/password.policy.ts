// What a password must be. Long enough, not a famous one, not the user name: the checks that stop
// the guesses a lock-out of 5 tries would still let through. Pure; the message says what to change.

export const MIN_PASSWORD_LENGTH = 10;
/** scrypt reads the whole password; a bound keeps a huge body from costing more than a login */
export const MAX_PASSWORD_LENGTH = 200;

// Lower-cased; a password equal to one of these, or to one of these with digits or ! appended, fails.
const COMMON = [
  'admin', 'administrator', 'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'root', 'qwerty', 'qwertyuiop', 'abc123', 'abcdefg',
  'letmein', 'welcome', 'iloveyou', 'wangge', 'changeme', 'default', 'secret', 'test', 'guest', 'user', 'manager', 'admin@123',
  '1234567890', '0987654321', '1234567890a', '1qaz2wsx3edc', 'woaini', 'woaini1314', 'aaaaaa', 'asdfghjkl', 'zxcvbnm', '1q2w3e4r', '1qaz2wsx', 'qazwsx', 'wanggeadmin', 'superuser',
];

export type PolicyResult = { valid: true } | { valid: false; reason: string };

export function checkPassword(password: string, username?: string): PolicyResult {
  if (typeof password !== 'string') return { valid: false, reason: 'the password must be text' };
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return { valid: false, reason: `the password must have at least ${MIN_PASSWORD_LENGTH} characters` };
  if (length > MAX_PASSWORD_LENGTH) return { valid: false, reason: `the password must have at most ${MAX_PASSWORD_LENGTH} characters` };
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d!.@#]+$/, '');
  if (COMMON.includes(lower) || COMMON.includes(stem)) return { valid: false, reason: 'the password is one of the most common passwords; choose another' };
  if (/^(.)\1*$/.test(password)) return { valid: false, reason: 'the password repeats one character; choose another' };
  if (isRun(lower)) return { valid: false, reason: 'the password is a run of consecutive characters (like 1234567890); choose another' };
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return { valid: false, reason: 'the password must not contain the user name' };
  return { valid: true };
}

/** 0123456789, 9876543210, abcdefghij … */
function isRun(text: string): boolean {
  if (text.length < 2) return false;
  const step = text.charCodeAt(1) - text.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < text.length; i++) if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== step) return false;
  return true;
}

import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.hash.ts';
import { checkPassword } from './password.policy.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the password it hashed and nothing else; every hash has its own salt', async () => {
    const a = await hashPassword('长城-Great-Wall-2026');
    const b = await hashPassword('长城-Great-Wall-2026');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('长城-Great-Wall-2026', a)).toBe(true);
    expect(await verifyPassword('长城-Great-Wall-2027', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('rejects stored strings it did not write, and cheap parameters ask for a re-hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$15$8$1$abc', 'scrypt$40$8$1$c2FsdA$aGFzaA', 'bcrypt$x$y$z$a$b']) expect(await verifyPassword('x', stored)).toBe(false);
    expect(needsRehash('scrypt$12$8$1$c2FsdA$aGFzaA')).toBe(true);
  });
});

describe('password policy', () => {
  it.each([
    ['admin', /at least 10/],
    ['123456', /at least 10/],
    ['password123', /common/],
    ['Admin@123456', /common/],
    ['qwertyuiop', /common/],
    ['aaaaaaaaaaaa', /repeats/],
    ['1234567890', /common/],
    ['9876543210', /consecutive/],
    ['abcdefghijkl', /consecutive/],
    ['zhangsan-2026-x', /user name/],
    ['x'.repeat(201), /at most 200/],
  ])('refuses %s', (password, reason) => {
    const result = checkPassword(password, 'zhangsan');
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });

  it('accepts a long unusual password, in any script', () => {
    expect(checkPassword('correct horse battery', 'zhangsan')).toEqual({ valid: true });
    expect(checkPassword('网格化管理很重要啊朋友', 'zhangsan')).toEqual({ valid: true });
  });
});

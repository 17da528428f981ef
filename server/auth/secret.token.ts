// Random bearer secrets (session cookies, API tokens) and the hashes stored in their place. The
// secrets are 256 random bits, so a plain SHA-256 is enough: there is nothing to brute-force.
import crypto from 'node:crypto';

export const newSessionToken = () => crypto.randomBytes(32).toString('base64url');

/** API tokens carry a prefix so they are recognisable in configuration files and secret scanners. */
export const API_TOKEN_PREFIX = 'wg_';
export const newApiToken = () => API_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Tokens are base64url of 32 bytes (43 characters), API tokens with their prefix; anything else is not one. */
export const looksLikeSessionToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
export const looksLikeApiToken = (value: string) => /^wg_[A-Za-z0-9_-]{43}$/.test(value);

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key pairs and access tokens. Secrets carry 256 random bits, so a keyed SHA-256 (HMAC) is
 * enough to store them: nothing can be guessed, and checking one costs microseconds, where a
 * password hash would cost milliseconds on every request.
 */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

/** `write` keys may do everything; `read` keys may list, read, summarize and export. */
export const KEY_SCOPES = ['read', 'write'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export function isKeyScope(value: string): value is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(value);
}

export function newClientKey(): string {
  return randomBytes(12).toString('hex');
}

export function newSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newHashKey(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(hashKey: string, secret: string): string {
  return createHmac('sha256', hashKey).update(`secret:${secret}`).digest('hex');
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export function secretMatches(hashKey: string, secret: string, storedHash: string): boolean {
  return equalHex(hashSecret(hashKey, secret), storedHash);
}

function tokenSignature(hashKey: string, payload: string): string {
  return createHmac('sha256', hashKey).update(`token:${payload}`).digest('base64url');
}

/** A self-contained token: `<client_key>.<expiry seconds>.<signature>`. */
export function issueAccessToken(hashKey: string, clientKey: string, expiresAt: number): string {
  const payload = `${clientKey}.${expiresAt.toString(36)}`;
  return `${payload}.${tokenSignature(hashKey, payload)}`;
}

/** The key a valid, unexpired token was issued for, or null. */
export function readAccessToken(hashKey: string, token: string, now: number): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [clientKey, expiry, signature] = parts as [string, string, string];
  const expected = Buffer.from(tokenSignature(hashKey, `${clientKey}.${expiry}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const expiresAt = parseInt(expiry, 36);
  return Number.isFinite(expiresAt) && expiresAt > now ? clientKey : null;
}

/** Splits a Basic credential; null when it is not `base64(client_key:secret_key)`. */
export function parseBasicCredentials(encoded: string): { clientKey: string; secretKey: string } | null {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  // No key or secret contains NUL (or undecodable bytes); such a credential simply fails.
  if (decoded.includes('\0') || decoded.includes('\uFFFD')) return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { clientKey: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}

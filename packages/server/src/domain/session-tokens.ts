import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Console sessions and one-time set-password links. Both are 256 random bits handed out once;
 * the database keeps only their SHA-256, so a copy of it opens no session.
 */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session's CSRF token: derived from the session token, so it needs no storage of its own. */
export function csrfTokenFor(hashKey: string, sessionToken: string): string {
  return createHmac('sha256', hashKey).update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfTokenMatches(hashKey: string, sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(hashKey, sessionToken));
  const received = Buffer.from(given);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export const SESSION_COOKIE = 'jumun_session';

/** One cookie's value from a Cookie header; undefined when absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/** `HttpOnly; SameSite=Strict; Path=/`, `Secure` over TLS; `maxAge` 0 deletes the cookie. */
export function sessionCookie(value: string, { secure, maxAge }: { secure: boolean; maxAge: number }): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/** A normalized e-mail address: what accounts are looked up by. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

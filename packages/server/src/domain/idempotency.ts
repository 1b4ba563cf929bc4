import { createHash } from 'node:crypto';
import { invalidParameter } from './errors.js';

/** How long a key's stored response is replayed; after that the key may be used afresh. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The header's value, or null when the request has none; a malformed key is a 400. */
export function readIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!KEY.test(value)) {
    throw invalidParameter('Idempotency-Key', value, '공백 없는 1~255자의 ASCII 문자열 (예: UUID)');
  }
  return value;
}

/** JSON with object keys sorted, so two bodies that mean the same give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a key is bound to: the method, the path (so the order and action) and the body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  // No body and an empty object ask for the same thing.
  const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
  return createHash('sha256').update(`${method} ${path}\n${empty ? 'null' : canonicalJson(body)}`).digest('hex');
}

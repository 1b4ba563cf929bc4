/**
 * Text that no field may carry: a NUL character (Postgres text cannot store it, and no order
 * field means it) or a lone UTF-16 surrogate (not a character at all; it cannot be encoded as
 * UTF-8). Checked at every entry point so such text is refused with a 400 instead of failing in
 * the database.
 */
// Scalar values only: \0, a high surrogate not followed by a low one, a low one not preceded by a high one.
const UNSAFE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const SAFE_TEXT_FORM = 'NUL 문자와 짝 없는 서로게이트가 없는 문자열';

export function isUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/** The path of the first string (value or key) in a parsed JSON value that is unsafe, or null. */
export function findUnsafeText(value: unknown, path = ''): { path: string; value: string } | null {
  if (typeof value === 'string') return isUnsafeText(value) ? { path, value } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path === '' ? key : `${path}.${key}`;
      if (isUnsafeText(key)) return { path: itemPath, value: key };
      const found = findUnsafeText(item, itemPath);
      if (found) return found;
    }
  }
  return null;
}

/** Shows unsafe text readably: NUL and lone surrogates as \u escapes. */
export function showUnsafeText(text: string): string {
  return text.replace(/[\0\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * True when JSON text nests arrays and objects deeper than `maxDepth`. Scans the text without
 * parsing it, so a hostile body is refused before anything recursive touches it.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

import { createHash } from 'node:crypto';

/**
 * The keyword's rules, shared by the search index and its queries.
 *
 * - Names: `order_name` contains the keyword, ignoring case for the Latin letters A–Z only (the
 *   same rule on every database: SQLite's LIKE folded only ASCII, Postgres' ILIKE folded more).
 * - Ids: a keyword of at least ID_PREFIX_MIN_LENGTH characters matches the orders whose
 *   `order_id` (any case), `order_number` or `receipt_id` starts with it; a shorter one matches
 *   only a full value. A prefix of 1–3 characters says almost nothing (an order id starts with
 *   its creation time, so `6b` is most of a year) and would make every short name search broad.
 */
export const ID_PREFIX_MIN_LENGTH = 4;

/** A name index entry ends with this, so a 1-character keyword finds names ending with it too. */
const NAME_END = '\u0001';

/**
 * At most this many of the keyword's pieces are looked up (the first and the last); the name
 * check does the rest. More would narrow the candidates little and cost each query planning time.
 */
const MAX_KEYWORD_GRAMS = 2;

/** Lower-cases A–Z and nothing else. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Code points, so an emoji is one character as the user sees it. */
function characters(text: string): string[] {
  return [...text];
}

export function characterCount(text: string): number {
  return characters(text).length;
}

/**
 * The distinct 2-character pieces of a folded name, the last one ending with NAME_END: every
 * keyword of 2+ characters that the name contains consists of such pieces, and every character
 * of the name starts one.
 */
export function nameGrams(foldedName: string): string[] {
  const chars = characters(foldedName + NAME_END);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/**
 * What the index is asked for a folded keyword: one character is a range of pieces (those
 * starting with it); longer keywords are pieces every matching name has.
 */
export type GramLookup = { kind: 'starts'; character: string } | { kind: 'all'; grams: string[] };

export function keywordGramLookup(foldedKeyword: string): GramLookup {
  const chars = characters(foldedKeyword);
  if (chars.length === 1) return { kind: 'starts', character: chars[0]! };
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(chars[i]! + chars[i + 1]!);
  const picked = [grams[0]!, grams[grams.length - 1]!];
  return { kind: 'all', grams: [...new Set(picked)].slice(0, MAX_KEYWORD_GRAMS) };
}

/**
 * A 48-bit number for a name, which its index entries refer to. Two names may share one (a
 * collision only makes the index offer one more candidate, which the name check then drops).
 */
export function nameKey(orderName: string): number {
  return createHash('sha1').update(orderName).digest().readUIntBE(0, 6);
}

/** The smallest string above every string that starts with `prefix` (in code point order). */
export function prefixUpperBound(prefix: string): string | null {
  const chars = characters(prefix);
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    // Skip the surrogate range, which no well-formed string contains.
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    if (next <= 0x10ffff) return chars.join('') + String.fromCodePoint(next);
  }
  return null;
}

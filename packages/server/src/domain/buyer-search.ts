/**
 * Buyer search (jumun extensions `username`, `user_email`, `user_phone`): how a typed value
 * becomes what the buyer indexes of migration 0015 compare. Pure; the same rules are spelled in
 * SQL by the dialect (storage/dialect.ts, `buyerSearch`) for the indexes.
 */
import { invalidParameter } from './errors.js';
import { foldCase } from './keyword.js';

/** The characters a stored phone number may hold besides digits (PHONE_PATTERN in new-order.ts). */
export const PHONE_SEPARATORS = ['-', ' ', '(', ')', '+'] as const;

/** Digits a search for a whole number needs at least; exactly LAST_DIGITS means its last digits. */
export const MIN_WHOLE_PHONE_DIGITS = 7;
export const LAST_DIGITS = 4;

/** A phone search: the whole number's digits, or only its last four. */
export type PhoneSearch = { kind: 'whole'; digits: string } | { kind: 'last4'; digits: string };

/** The phone number without its separators; what the index holds for `user_phone`. */
export function phoneDigits(phone: string): string {
  let digits = phone;
  for (const separator of PHONE_SEPARATORS) digits = digits.replaceAll(separator, '');
  return digits;
}

/** The last four digits of a number's digits, as the index holds them (fewer when it is shorter). */
export function lastDigits(digits: string): string {
  return digits.slice(-LAST_DIGITS);
}

/** `user_phone`: `010-1234-5678`, `01012345678`, `(010) 1234 5678` are one number; `5678` its last four. */
export function parsePhoneSearch(value: string): PhoneSearch {
  const digits = phoneDigits(value);
  const expected = `전화번호 전체 (숫자 ${MIN_WHOLE_PHONE_DIGITS}자리 이상, -, 공백, 괄호, + 허용) 또는 끝 ${LAST_DIGITS}자리 숫자`;
  if (!/^\d+$/.test(digits)) throw invalidParameter('user_phone', value, expected);
  if (digits.length === LAST_DIGITS) return { kind: 'last4', digits };
  if (digits.length >= MIN_WHOLE_PHONE_DIGITS) return { kind: 'whole', digits };
  throw invalidParameter('user_phone', value, expected);
}

/** `username` and `user_email` compare with A–Z folded and nothing else, like `keyword`. */
export const foldBuyerText = foldCase;

/**
 * What the search box's text is looked up as. Buyers are found by email or phone without a
 * field of their own: an email has an `@`, which no order id, number or product name here has;
 * a phone number is digits with the separators a stored number may hold. Everything else is the
 * API's `keyword` (order name, order id, order number, receipt id). A buyer's name cannot be told
 * from a product name (`김민준` / `텀블러`), so it has its own field (`username`).
 */
export type SearchBoxTarget = 'user_email' | 'user_phone' | 'keyword';

/** The parameters the search box sets; submitting the box clears the ones it did not choose. */
export const SEARCH_BOX_PARAMS: readonly SearchBoxTarget[] = ['keyword', 'user_email', 'user_phone'];

export function searchBoxTarget(text: string): SearchBoxTarget {
  const value = text.trim();
  if (value.includes('@')) return 'user_email';
  if (/^[0-9+\-() ]+$/.test(value)) {
    const digits = value.replace(/\D/g, '');
    // The last four digits, as a buyer reads them out; order numbers are looked up by longer prefixes.
    if (digits.length === 4 && value === digits) return 'user_phone';
    // Separators never appear in order numbers; a bare number is a phone when it starts like one (0…).
    if (digits.length >= 7 && (value !== digits || /^0\d{8,10}$/.test(value))) return 'user_phone';
  }
  return 'keyword';
}

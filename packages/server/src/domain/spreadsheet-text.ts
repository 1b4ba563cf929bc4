/**
 * Text as a spreadsheet must see it, and back. Excel and Google Sheets run a cell that starts with
 * a formula character (after spaces, in its full-width form too) and turn digit strings into
 * rounded numbers (a 20-digit order number) or drop their leading zeros (a phone number). The
 * export writes such text so it stays text, and the importer reads it back exactly, so
 * `export → import` is a round trip.
 */
// Tab, CR or LF first; or, after any spaces, one of = + - @ | or their full-width forms.
const FORMULA_TRIGGER = /^(?:[\t\r\n]|[ \t\r\n\u3000]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C])/;
const WRAPPED_TEXT = /^="((?:[^"]|"")*)"$/;

/** True when a spreadsheet would run the text as a formula (OWASP's CSV injection list and more). */
export function startsFormula(text: string): boolean {
  return FORMULA_TRIGGER.test(text);
}

/**
 * The cell for `text`. Identifier columns (`asText`) become `="…"`, a string literal every
 * spreadsheet shows as the text itself; other text that would start a formula, or that starts
 * with an apostrophe, gets one leading apostrophe (OWASP's advice).
 */
export function toSpreadsheetText(text: string, asText = false): string {
  if (asText) return `="${text.replaceAll('"', '""')}"`;
  return startsFormula(text) || text.startsWith("'") ? `'${text}` : text;
}

/** The text a cell written by `toSpreadsheetText` stands for; any other cell as it is. */
export function fromSpreadsheetText(cell: string): string {
  const wrapped = WRAPPED_TEXT.exec(cell);
  if (wrapped) return wrapped[1]!.replaceAll('""', '"');
  if (cell.startsWith("'")) {
    const rest = cell.slice(1);
    if (startsFormula(rest) || rest.startsWith("'")) return rest;
  }
  return cell;
}

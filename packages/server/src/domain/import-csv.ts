import { CSV_COLUMN_LABELS_KO } from '../contract/constants.js';
import { invalidField } from './errors.js';
import { fromSpreadsheetText } from './spreadsheet-text.js';

/**
 * The columns of an import CSV (a header row names them; any order, any subset). Buyer and
 * payment fields are flat; `products` holds the JSON array of the create body. `updated_at` is
 * accepted and ignored, so a list exported from here can be imported elsewhere as it is.
 */
export const CSV_COLUMNS = [
  'order_id', 'order_number', 'order_name', 'price', 'tax_free_price', 'order_type', 'status', 'receipt_status',
  'user_id', 'username', 'user_email', 'user_phone', 'user_group_id',
  'order_subscription_id', 'subscription_billing_type', 'receipt_id', 'payment_method', 'card_name', 'card_no',
  'products', 'created_at', 'purchased_at', 'cancelled_at', 'updated_at', 'status_name', 'receipt_status_name',
  'cancelled_price', 'remaining_price',
] as const;

const INTEGER_COLUMNS = new Set(['price', 'tax_free_price', 'status', 'receipt_status', 'subscription_billing_type', 'cancelled_price']);
const USER_COLUMNS: Record<string, string> = {
  user_id: 'user_id', username: 'name', user_email: 'email', user_phone: 'phone', user_group_id: 'user_group_id',
};
const PAYMENT_COLUMNS: Record<string, string> = { payment_method: 'method', card_name: 'card_name', card_no: 'card_no' };
/** Columns an export carries for people, derived from others: read and ignored. */
const IGNORED_COLUMNS = new Set(['updated_at', 'status_name', 'receipt_status_name', 'remaining_price']);

/** The export's Korean column names (`header_language=ko`) → the API's names, so both forms import. */
const ENGLISH_NAMES: ReadonlyMap<string, string> = new Map(Object.entries(CSV_COLUMN_LABELS_KO).map(([name, label]) => [label, name]));

/** Checks a header row; unknown or repeated columns stop the import before any row is read. */
export function readCsvHeader(cells: string[]): string[] {
  const header = cells
    .map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim())
    .map((name) => ENGLISH_NAMES.get(name) ?? name);
  const seen = new Set<string>();
  for (const name of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      throw invalidField('CSV header', name, `이 열 이름들 중 하나: ${CSV_COLUMNS.join(', ')} (또는 export의 한국어 이름)`);
    }
    if (seen.has(name)) throw invalidField('CSV header', name, '한 번씩만 나오는 열 이름');
    seen.add(name);
  }
  if (!seen.has('order_name')) throw invalidField('CSV header', header.join(','), 'order_name 등 주문 열을 담은 첫 줄');
  return header;
}

/**
 * One CSV row as an import record. Empty cells are absent fields; integer columns become numbers
 * only when they are plain integers, so "12,000" reaches validation as text and is reported.
 */
export function csvRowToRecord(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  if (cells.length !== header.length) {
    throw invalidField('CSV row', `${cells.length}개 열`, `머리글과 같은 ${header.length}개 열`);
  }
  const record: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const payment: Record<string, unknown> = {};
  header.forEach((name, index) => {
    // A file this server exported keeps ids as ="…" and defused formulas as '…: read them back.
    const cell = fromSpreadsheetText(cells[index]!);
    if (cell === '' || IGNORED_COLUMNS.has(name)) return;
    if (name in USER_COLUMNS) user[USER_COLUMNS[name]!] = cell;
    else if (name in PAYMENT_COLUMNS) payment[PAYMENT_COLUMNS[name]!] = cell;
    else if (INTEGER_COLUMNS.has(name)) record[name] = /^-?\d{1,16}$/.test(cell) ? Number(cell) : cell;
    else if (name === 'products') record[name] = parseJsonCell(cell);
    else record[name] = cell;
  });
  record.user = user;
  if (Object.keys(payment).length > 0) record.payment = payment;
  return record;
}

function parseJsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

/** Orders as CSV rows for spreadsheets (RFC 4180, CRLF), safe against formula injection. */
import { CSV_COLUMN_LABELS_KO, EXPORT_PARAMETERS, type CsvColumnName, type HeaderLanguage } from '../contract/constants.js';
import { invalidParameter } from './errors.js';
import { formatLocalDateTimeWithOffset } from './local-time.js';
import type { RawQuery } from './raw-query.js';
import { toSpreadsheetText } from './spreadsheet-text.js';
import type { Order, OrderWithProducts } from './order.js';
import { ORDER_STATUS_LABELS, RECEIPT_STATUS_LABELS, type OrderStatus, type ReceiptStatus } from './order-status.js';

/** Excel needs the byte order mark to read UTF-8 (and so Korean) correctly. */
export const UTF8_BOM = '\uFEFF';

type Cell = string | number | null;

/** The fields an export row needs (no payment JSON to parse, no bookkeeping fields). */
export type ExportedOrder = Omit<Order, 'project_id' | 'updated_at'> & Pick<OrderWithProducts, 'products'>;

interface Column {
  name: CsvColumnName;
  value(order: ExportedOrder, timeZone: string): Cell;
  /** Ids, order numbers and phone numbers: kept as text, never read as a number. */
  text?: true;
}

const localTime = (epochSeconds: number | null, timeZone: string) =>
  epochSeconds === null ? null : formatLocalDateTimeWithOffset(epochSeconds, timeZone);

/** The export's columns, in order; names are the API's and the importer's, so the file imports back. */
export const ORDER_CSV_COLUMNS: readonly Column[] = [
  { name: 'order_id', value: (o) => o.order_id, text: true },
  { name: 'order_number', value: (o) => o.order_number, text: true },
  { name: 'order_name', value: (o) => o.order_name },
  { name: 'price', value: (o) => o.price },
  { name: 'tax_free_price', value: (o) => o.tax_free_price },
  { name: 'status', value: (o) => o.status },
  { name: 'status_name', value: (o) => ORDER_STATUS_LABELS[o.status as OrderStatus]?.ko ?? null },
  { name: 'receipt_status', value: (o) => o.receipt_status },
  { name: 'receipt_status_name', value: (o) => RECEIPT_STATUS_LABELS[o.receipt_status as ReceiptStatus]?.ko ?? null },
  { name: 'order_type', value: (o) => o.order_type },
  { name: 'user_id', value: (o) => o.user_id, text: true },
  { name: 'username', value: (o) => o.username },
  { name: 'user_email', value: (o) => o.user_email },
  { name: 'user_phone', value: (o) => o.user_phone, text: true },
  { name: 'user_group_id', value: (o) => o.user_group_id, text: true },
  { name: 'order_subscription_id', value: (o) => o.order_subscription_id, text: true },
  { name: 'subscription_billing_type', value: (o) => o.subscription_billing_type },
  { name: 'receipt_id', value: (o) => o.receipt_id, text: true },
  { name: 'payment_method', value: (o) => o.payment?.method ?? null },
  { name: 'card_name', value: (o) => o.payment?.card_name ?? null },
  { name: 'card_no', value: (o) => o.payment?.card_no ?? null },
  // The product lines as the create body takes them, so the file imports back as it is.
  { name: 'products', value: (o) => JSON.stringify(o.products) },
  { name: 'created_at', value: (o, tz) => localTime(o.created_at, tz) },
  { name: 'purchased_at', value: (o, tz) => localTime(o.purchased_at, tz) },
  { name: 'cancelled_at', value: (o, tz) => localTime(o.cancelled_at, tz) },
  // Partial cancellation: price stays the order's price; these two say how much was refunded and is left.
  { name: 'cancelled_price', value: (o) => o.cancelled_price },
  { name: 'remaining_price', value: (o) => o.price - o.cancelled_price },
];

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Text goes through `toSpreadsheetText`, so a buyer named `=HYPERLINK(…)` stays
 * text and a 20-digit order number is not rounded; numbers are written as they are.
 */
export function csvField(value: Cell, asText = false): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = toSpreadsheetText(value, asText);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly Cell[], asText: readonly boolean[] = []): string {
  return cells.map((cell, index) => csvField(cell, asText[index] ?? false)).join(',') + '\r\n';
}

export const ORDER_CSV_HEADER = csvRow(ORDER_CSV_COLUMNS.map((column) => column.name));
/** The same columns named in Korean, for people (`header_language=ko`); the values are the same. */
export const ORDER_CSV_HEADER_KO = csvRow(ORDER_CSV_COLUMNS.map((column) => CSV_COLUMN_LABELS_KO[column.name]));

export function orderCsvHeader(language: HeaderLanguage): string {
  return language === 'ko' ? ORDER_CSV_HEADER_KO : ORDER_CSV_HEADER;
}

/** `header_language` of the export: `en` (default) or `ko`, given at most once. */
export function parseHeaderLanguage(query: RawQuery): HeaderLanguage {
  const spec = EXPORT_PARAMETERS.header_language;
  const values = (query.header_language ?? []).filter((v) => v !== '');
  const expected = `${spec.values.join(' 또는 ')} (한 번만)`;
  if (values.length > 1) throw invalidParameter('header_language', values.join(','), expected);
  const value = values[0] ?? spec.default;
  if (!(spec.values as readonly string[]).includes(value)) throw invalidParameter('header_language', value, expected);
  return value as HeaderLanguage;
}
const TEXT_COLUMNS = ORDER_CSV_COLUMNS.map((column) => column.text === true);

export function orderCsvRow(order: ExportedOrder, timeZone: string): string {
  return csvRow(ORDER_CSV_COLUMNS.map((column) => column.value(order, timeZone)), TEXT_COLUMNS);
}

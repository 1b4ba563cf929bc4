/**
 * Summary and export semantics computed in plain JS over the generated records, independently of
 * the SQL and of the server's time arithmetic (local days come from Intl here).
 */
import type { OrderWithProducts } from '../../src/domain/order.js';
import { handMadeOrder, seedDemoOrders } from './fixtures.js';
import { matchesKeyword } from './oracle.js';
import type { Storage } from '../../src/storage/storage.js';

/** Generates deterministic demo orders ending at `now`, stores them and returns them. */
export function seedOrders(storage: Storage, projectId: string, count: number, now: number): Promise<OrderWithProducts[]> {
  return seedDemoOrders(storage, projectId, count, 11, now);
}

/** One hand-written order; its id encodes created_at like every order id. */
export function makeOrder(projectId: string, fields: Partial<OrderWithProducts> & { created_at: number }): OrderWithProducts {
  return handMadeOrder(projectId, {
    order_name: '손으로 만든 주문',
    user_id: 'hand_user',
    user_email: 'hand@example.com',
    ...fields,
  });
}

export interface OracleFilter {
  cs_type?: 'c_at' | 'p_at';
  css_at?: string;
  cse_at?: string;
  status?: number[];
  payment_status?: number[];
  order_type?: string[];
  user_group_id?: string;
  /** Words that cannot prefix an id (Korean), so only the name can match. */
  keyword?: string;
  created_before?: number;
  /** Ids of orders with a failed payment attempt, when filtering on it. */
  failed?: ReadonlySet<string>;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in the zone, straight from Intl. */
export function localDay(epochSeconds: number, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(epochSeconds * 1000));
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in the zone, straight from Intl. */
export function localDateTime(epochSeconds: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(epochSeconds * 1000));
  return text.replace('T', ' ');
}

/** The export's time: the local wall clock and its UTC offset, from Intl's parts alone. */
export function localDateTimeWithOffset(epochSeconds: number, timeZone: string): string {
  const wall = localDateTime(epochSeconds, timeZone);
  const [date, time] = wall.split(' ') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  const minutes = Math.round((Date.UTC(y, m - 1, d, h, mi, s) - epochSeconds * 1000) / 60_000);
  const abs = Math.abs(minutes);
  return `${wall}${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function oracleMatches(orders: readonly OrderWithProducts[], f: OracleFilter, timeZone = 'Asia/Seoul'): OrderWithProducts[] {
  return orders.filter((o) => {
    const date = f.cs_type === 'p_at' ? o.purchased_at : o.created_at;
    if (f.css_at !== undefined && (date === null || localDay(date, timeZone) < f.css_at)) return false;
    if (f.cse_at !== undefined && (date === null || localDay(date, timeZone) > f.cse_at)) return false;
    if (f.status && !f.status.includes(o.status)) return false;
    if (f.payment_status && !f.payment_status.includes(o.receipt_status)) return false;
    if (f.order_type && !f.order_type.includes(o.order_type)) return false;
    if (f.user_group_id !== undefined && o.user_group_id !== f.user_group_id) return false;
    if (f.keyword !== undefined && !matchesKeyword(o, f.keyword)) return false;
    if (f.created_before !== undefined && !(o.created_at < f.created_before)) return false;
    if (f.failed && !f.failed.has(o.order_id)) return false;
    return true;
  });
}

/** The list's order: newest first by the filter's date (unpaid last for p_at), then order_id. */
export function oracleSorted(orders: readonly OrderWithProducts[], csType: 'c_at' | 'p_at' = 'c_at'): OrderWithProducts[] {
  const key = (o: OrderWithProducts) => (csType === 'p_at' ? o.purchased_at : o.created_at);
  return [...orders].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return kb - ka;
    }
    return a.order_id < b.order_id ? 1 : a.order_id > b.order_id ? -1 : 0;
  });
}

export function toParams(f: OracleFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(f)) {
    if (value === undefined || name === 'failed') continue;
    if (name === 'created_before') params.set(name, new Date((value as number) * 1000).toISOString().replace('.000', ''));
    else params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF); the oracle's own reader. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** The response body as text with its BOM kept (Response.text() would drop it). */
export async function bodyWithBom(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(await response.arrayBuffer());
}

/**
 * What a spreadsheet shows for a cell written as a string formula `="…"` (the export's form for
 * ids and order numbers): the text inside, quotes undoubled. Any other cell as it is.
 */
export function spreadsheetValue(cell: string): string {
  const match = /^="((?:[^"]|"")*)"$/.exec(cell);
  return match ? match[1]!.replace(/""/g, '"') : cell;
}

/** An export's rows, after checking it starts with the UTF-8 BOM; cells as written. */
export async function readCsvExport(response: Response): Promise<string[][]> {
  const text = await bodyWithBom(response);
  if (!text.startsWith('\uFEFF')) throw new Error('the export does not start with a UTF-8 BOM');
  return parseCsv(text.slice(1));
}

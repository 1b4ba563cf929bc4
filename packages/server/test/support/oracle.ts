import type { OrderWithProducts } from '../../src/domain/order.js';

/**
 * The list's semantics computed in plain JS over the same records, independently of the SQL:
 * Asia/Seoul is UTC+9 all year, so a local day is simple arithmetic here.
 */
export interface OracleQuery {
  user_id?: string;
  user_group_id?: string;
  order_subscription_ids?: string[];
  subscription_billing_type?: number;
  keyword?: string;
  cs_type?: 'c_at' | 'p_at';
  css_at?: string;
  cse_at?: string;
  status?: number[];
  payment_status?: number[];
  page?: number;
  limit?: number;
}

const SEOUL_OFFSET = 9 * 3600;

function seoulDay(epochSeconds: number): string {
  return new Date((epochSeconds + SEOUL_OFFSET) * 1000).toISOString().slice(0, 10);
}

/** Lower-cases A–Z only: the keyword ignores case for Latin letters and for nothing else. */
export function foldLatin(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A name contains the keyword; an id starts with it (4+ characters) or equals it (shorter). */
export function matchesKeyword(order: Pick<OrderWithProducts, 'order_name' | 'order_id' | 'order_number' | 'receipt_id'>, keyword: string): boolean {
  const asPrefix = Array.from(keyword).length >= 4;
  const idMatches = (id: string | null, value: string) => id !== null && (asPrefix ? id.startsWith(value) : id === value);
  return (
    foldLatin(order.order_name).includes(foldLatin(keyword)) ||
    (/^[0-9a-f]+$/i.test(keyword) && idMatches(order.order_id, keyword.toLowerCase())) ||
    idMatches(order.order_number, keyword) ||
    idMatches(order.receipt_id, keyword)
  );
}

export function oracleFilter(orders: readonly OrderWithProducts[], q: OracleQuery): OrderWithProducts[] {
  const byPaid = q.cs_type === 'p_at';
  return orders.filter((o) => {
    if (q.user_id !== undefined && o.user_id !== q.user_id) return false;
    if (q.user_group_id !== undefined && o.user_group_id !== q.user_group_id) return false;
    if (q.order_subscription_ids && !q.order_subscription_ids.includes(o.order_subscription_id ?? '')) return false;
    if (q.subscription_billing_type !== undefined && o.subscription_billing_type !== q.subscription_billing_type) return false;
    if (q.status && !q.status.includes(o.status)) return false;
    if (q.payment_status && !q.payment_status.includes(o.receipt_status)) return false;
    const date = byPaid ? o.purchased_at : o.created_at;
    if (q.css_at !== undefined && (date === null || seoulDay(date) < q.css_at)) return false;
    if (q.cse_at !== undefined && (date === null || seoulDay(date) > q.cse_at)) return false;
    if (q.keyword !== undefined && !matchesKeyword(o, q.keyword)) return false;
    return true;
  });
}

function compareDesc(a: string | number, b: string | number): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

export function oracleSort(orders: OrderWithProducts[], csType: 'c_at' | 'p_at' = 'c_at'): OrderWithProducts[] {
  return [...orders].sort((a, b) => {
    if (csType === 'p_at') {
      if (a.purchased_at === null && b.purchased_at !== null) return 1;
      if (b.purchased_at === null && a.purchased_at !== null) return -1;
      const byPaid = compareDesc(a.purchased_at ?? 0, b.purchased_at ?? 0);
      if (byPaid !== 0) return byPaid;
    } else {
      const byCreated = compareDesc(a.created_at, b.created_at);
      if (byCreated !== 0) return byCreated;
    }
    return compareDesc(a.order_id, b.order_id);
  });
}

export function oracleList(orders: readonly OrderWithProducts[], q: OracleQuery): { count: number; ids: string[] } {
  const matching = oracleSort(oracleFilter(orders, q), q.cs_type);
  const limit = Math.min(q.limit ?? 20, 50);
  const page = q.page ?? 1;
  return { count: matching.length, ids: matching.slice((page - 1) * limit, page * limit).map((o) => o.order_id) };
}

/** The query string the official SDK would send: arrays comma-joined. */
export function toQueryString(q: OracleQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q)) {
    if (value === undefined) continue;
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}

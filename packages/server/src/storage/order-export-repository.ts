import { sortPositionOf, type SortPosition } from '../domain/order-cursor.js';
import type { ExportedOrder } from '../domain/order-csv.js';
import type { OrderFilter } from '../domain/order-query.js';
import { ordersAfter } from './order-keyset-repository.js';
import type { OrderRow } from './schema.js';
import { pageKeywordAccess, paymentFromColumn, planKeyword } from './order-repository.js';
import { onBehalfOf } from './read-tenant.js';
import type { Storage } from './storage.js';

export const EXPORT_PAGE_SIZE = 1_000;

/** Only what the CSV shows: a quarter less work per row for SQLite than every column. */
const EXPORTED_COLUMNS = [
  'order_id', 'order_number', 'order_name', 'price', 'tax_free_price', 'status', 'receipt_status',
  'order_type', 'user_id', 'username', 'user_email', 'user_phone', 'user_group_id',
  'order_subscription_id', 'subscription_billing_type', 'receipt_id', 'payment', 'created_at', 'purchased_at', 'cancelled_at',
  'cancelled_price',
] as const;

type ProductLine = ExportedOrder['products'][number];

function exportedOrder(row: Pick<OrderRow, (typeof EXPORTED_COLUMNS)[number]>, products: ProductLine[]): ExportedOrder {
  return { ...row, payment: paymentFromColumn(row.payment), products };
}

/** The product lines of a page's orders, by order, in their order: one read by primary key. */
async function productsOf(storage: Storage, projectId: string, orderIds: string[]): Promise<Map<string, ProductLine[]>> {
  const query = storage.reads
    .selectFrom('order_products')
    .select(['order_id', 'product_id', 'name', 'quantity', 'price'])
    .where('project_id', '=', projectId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no');
  const rows = await onBehalfOf(projectId, () => query.execute());
  const byOrder = new Map<string, ProductLine[]>();
  for (const { order_id, ...line } of rows) {
    const lines = byOrder.get(order_id) ?? [];
    lines.push(line);
    byOrder.set(order_id, lines);
  }
  return byOrder;
}

/**
 * Every order matching the filter in the list's order, one page at a time, by the list's keyset
 * (never OFFSET, so every page costs the same): the next page is read only when the consumer asks
 * for it, so memory stays constant.
 */
export async function* orderPagesForExport(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportedOrder[]> {
  // The keyword's plan once for the whole export, not once a page.
  const keyword = pageKeywordAccess(await planKeyword(storage, projectId, filter));
  let after: SortPosition | null = null;
  for (;;) {
    const rows = await ordersAfter(storage, projectId, filter, after, pageSize, EXPORTED_COLUMNS, keyword);
    if (rows.length > 0) {
      const products = await productsOf(storage, projectId, rows.map((row) => row.order_id));
      yield rows.map((row) => exportedOrder(row, products.get(row.order_id) ?? []));
    }
    if (rows.length < pageSize) return;
    after = sortPositionOf(rows[rows.length - 1]!, filter.dateField);
  }
}

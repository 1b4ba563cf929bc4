import { sql, type ExpressionBuilder } from 'kysely';
import type { ExportedOrder } from '../domain/order-csv.js';
import type { OrderFilter } from '../domain/order-query.js';
import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from '../domain/order-status.js';
import { orderFilterSql, orderSortSql } from './order-filter-sql.js';
import { pageKeywordAccess, planKeyword } from './order-repository.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

export const EXPORT_PAGE_SIZE = 1_000;

const EXPORTED_COLUMNS = [
  'order_id', 'order_number', 'order_name', 'price', 'tax_free_price', 'status', 'receipt_status',
  'order_type', 'user_id', 'username', 'user_email', 'user_phone', 'user_group_id',
  'order_subscription_id', 'subscription_billing_type', 'receipt_id', 'created_at', 'purchased_at', 'cancelled_at',
] as const;

type SortColumn = 'created_at' | 'purchased_at';

/**
 * The list's order, split where it has NULLs: by created_at; or by purchased_at for paid
 * orders, then the unpaid ones (no purchased_at) by order_id. Each pass is a plain keyset.
 */
function passes(filter: OrderFilter): Array<SortColumn | null> {
  return filter.dateField === 'created_at' ? ['created_at'] : ['purchased_at', null];
}

interface Cursor {
  date: number | null;
  orderId: string;
}

/** Rows after the cursor in `column desc, order_id desc`; `column <= date` bounds the index range. */
function afterCursor(column: SortColumn | null, cursor: Cursor) {
  return (eb: ExpressionBuilder<Database, 'orders'>) => {
    if (column === null) return eb('order_id', '<', cursor.orderId);
    const date = cursor.date!;
    return eb.and([
      eb(column, '<=', date),
      eb.or([eb(column, '<', date), eb('order_id', '<', cursor.orderId)]),
    ]);
  };
}

/**
 * Every order matching the filter in the list's order, one page at a time, by keyset (never
 * OFFSET): the next page is read only when the consumer asks for it, so memory stays constant.
 */
export async function* orderPagesForExport(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportedOrder[]> {
  const keyword = pageKeywordAccess(await planKeyword(storage, projectId, filter));
  for (const column of passes(filter)) {
    let cursor: Cursor | null = null;
    for (;;) {
      let query = storage.db
        .selectFrom('orders')
        .select(EXPORTED_COLUMNS)
        .where(orderFilterSql(projectId, filter, storage.dialect, keyword));
      if (column !== 'created_at') query = query.where('purchased_at', column === null ? 'is' : 'is not', null);
      if (cursor) query = query.where(afterCursor(column, cursor));
      // The list's own order, so each page is read from the same index as the list's pages.
      for (const order of column === null ? [sql`order_id desc`] : orderSortSql(filter, storage.dialect)) {
        query = query.orderBy(order);
      }
      const rows = await query.limit(pageSize).execute();
      if (rows.length > 0) {
        yield rows.map((row) => ({
          ...row,
          status: row.status as OrderStatus,
          receipt_status: row.receipt_status as ReceiptStatus,
          order_type: row.order_type as OrderType,
          subscription_billing_type: row.subscription_billing_type as BillingType,
        }));
      }
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1]!;
      cursor = { date: column === null ? null : last[column], orderId: last.order_id };
    }
  }
}

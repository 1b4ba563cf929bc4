import { decodeCursor, encodeCursor, sortPositionOf } from '../domain/order-cursor.js';
import type { Order } from '../domain/order.js';
import type { OrderListQuery } from '../domain/order-query.js';
import { ordersAfter } from '../storage/order-keyset-repository.js';
import { countOrders, listOrders, orderFromRow, pageKeywordAccess, planKeyword } from '../storage/order-repository.js';
import type { Storage } from '../storage/storage.js';

export interface OrderListPage {
  /** Every match, not just this page. */
  count: number;
  orders: Order[];
  /** Continues the list after this page; null when nothing follows. */
  nextCursor: string | null;
}

/**
 * `GET /v1/orders`: the exact count and one page, by page number (OFFSET) or after a cursor
 * (keyset, the same cost at any depth). One row more than the page tells whether a next page exists.
 */
export async function listOrderPage(
  storage: Storage,
  hashKey: string,
  projectId: string,
  query: OrderListQuery,
): Promise<OrderListPage> {
  // Verified before any query runs: a foreign or altered cursor is a 400, never a read.
  const after = query.cursor === undefined ? null : decodeCursor(hashKey, projectId, query, query.cursor);
  // The keyword's plan once, for the count and the page alike.
  const plan = await planKeyword(storage, projectId, query);
  const [count, rows] = await Promise.all([
    countOrders(storage, projectId, query, plan),
    after
      ? ordersAfter(storage, projectId, query, after, query.limit + 1, undefined, pageKeywordAccess(plan)).then((page) => page.map(orderFromRow))
      : listOrders(storage, projectId, query, query, 1, plan),
  ]);
  const orders = rows.slice(0, query.limit);
  const last = orders[orders.length - 1];
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(hashKey, projectId, query, sortPositionOf(last, query.dateField)) : null;
  return { count, orders, nextCursor };
}

import type { Kysely } from 'kysely';
import type { Order, OrderProduct, OrderWithProducts, PaymentInfo, StatusChange, Subscription } from '../domain/order.js';
import type { OrderFilter, Pagination } from '../domain/order-query.js';
import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from '../domain/order-status.js';
import type { Storage } from './storage.js';
import { countFromCounters } from './order-counter-repository.js';
import { orderFilterSql, orderSortSql } from './order-filter-sql.js';
import type { Database, OrderRow } from './schema.js';

export function orderFromRow(row: OrderRow): Order {
  return {
    ...row,
    status: row.status as OrderStatus,
    receipt_status: row.receipt_status as ReceiptStatus,
    order_type: row.order_type as OrderType,
    subscription_billing_type: row.subscription_billing_type as BillingType,
    payment: row.payment === null ? null : (JSON.parse(row.payment) as PaymentInfo),
  };
}

/** The count of a list, unexecuted (so its plan can be shown, too). */
export function orderCountQuery(storage: Storage, projectId: string, filter: OrderFilter) {
  return storage.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(orderFilterSql(projectId, filter, storage.dialect));
}

/** One page of a list, unexecuted (so its plan can be shown, too). */
export function orderPageQuery(storage: Storage, projectId: string, filter: OrderFilter, page: Pagination) {
  let query = storage.db
    .selectFrom('orders')
    .selectAll()
    .where(orderFilterSql(projectId, filter, storage.dialect));
  for (const order of orderSortSql(filter, storage.dialect)) query = query.orderBy(order);
  return query.limit(page.limit).offset((page.page - 1) * page.limit);
}

/**
 * The exact number of orders the filter matches: a sum over the maintained counters when they
 * hold every field of the filter (domain/order-counter-filter.ts decides), else `COUNT(*)`.
 */
export async function countOrders(storage: Storage, projectId: string, filter: OrderFilter): Promise<number> {
  return (await countFromCounters(storage, projectId, filter)) ?? countOrdersByScan(storage, projectId, filter);
}

/** `COUNT(*)` over the matching orders, through the filter's index. */
export async function countOrdersByScan(storage: Storage, projectId: string, filter: OrderFilter): Promise<number> {
  const row = await orderCountQuery(storage, projectId, filter).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listOrders(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  page: Pagination,
): Promise<Order[]> {
  const rows = await orderPageQuery(storage, projectId, filter, page).execute();
  return rows.map(orderFromRow);
}

export interface OrderDetail extends OrderWithProducts {
  subscription: Subscription | null;
  history: StatusChange[];
}

export async function findOrder(
  storage: Storage,
  projectId: string,
  orderId: string,
): Promise<OrderDetail | null> {
  return findOrderIn(storage.db, projectId, orderId);
}

/** `findOrder` on a given connection or transaction (a write reads back what it wrote). */
export async function findOrderIn(
  db: Kysely<Database>,
  projectId: string,
  orderId: string,
): Promise<OrderDetail | null> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (!row) return null;
  const [products, history, subscription] = await Promise.all([
    db
      .selectFrom('order_products')
      .select(['product_id', 'name', 'quantity', 'price'])
      .where('order_id', '=', orderId)
      .orderBy('line_no')
      .execute(),
    db
      .selectFrom('order_status_history')
      .select(['seq', 'at', 'action', 'from_status', 'to_status', 'from_receipt_status', 'to_receipt_status', 'actor', 'reason'])
      .where('order_id', '=', orderId)
      .orderBy('seq')
      .execute(),
    row.order_subscription_id === null
      ? undefined
      : db
          .selectFrom('order_subscriptions')
          .select(['order_subscription_id', 'user_id', 'user_group_id', 'billing_type', 'name', 'created_at'])
          .where('project_id', '=', projectId)
          .where('order_subscription_id', '=', row.order_subscription_id)
          .executeTakeFirst(),
  ]);
  return {
    ...orderFromRow(row),
    products,
    history: history as StatusChange[],
    subscription: subscription ? { ...subscription, billing_type: subscription.billing_type as BillingType } : null,
  };
}

export function orderToRow(order: Order): OrderRow {
  return { ...order, payment: order.payment === null ? null : JSON.stringify(order.payment) };
}

/** An order's product lines as `order_products` rows, numbered from 1 in the order given. */
export function productRows(order: OrderWithProducts) {
  return order.products.map((p: OrderProduct, index) => ({ order_id: order.order_id, line_no: index + 1, ...p }));
}

/** Inserts orders and their products in one transaction (all or nothing). */
export async function insertOrders(storage: Storage, orders: readonly OrderWithProducts[]): Promise<void> {
  await storage.bulkInsert([
    { table: 'orders', rows: orders.map(({ products: _products, ...order }) => orderToRow(order)) },
    { table: 'order_products', rows: orders.flatMap(productRows) },
  ]);
}

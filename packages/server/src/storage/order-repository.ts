import type { Kysely } from 'kysely';
import type { Order, OrderProduct, OrderWithProducts, PaymentInfo, StatusChange, Subscription } from '../domain/order.js';
import type { OrderFilter, Pagination } from '../domain/order-query.js';
import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from '../domain/order-status.js';
import type { Storage } from './storage.js';
import { keywordPlanQuery, type KeywordBranch, type KeywordPlan } from './keyword-sql.js';
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

/**
 * Up to this many keyword matches a page fetches them all and sorts them (a few ms); above it,
 * walking the list's order finds a page's 20 matches after reading about 20 / share of rows.
 */
export const FEW_KEYWORD_MATCHES = 2_000;

/** The keyword's plan (keyword-sql.ts), when the filter has a keyword: one small statement. */
export async function planKeyword(storage: Storage, projectId: string, filter: OrderFilter): Promise<KeywordPlan | undefined> {
  if (filter.keyword === undefined) return undefined;
  const rows = await keywordPlanQuery(storage.db, projectId, filter.keyword, storage.dialect, FEW_KEYWORD_MATCHES).execute();
  const matching = rows.filter((row) => Number(row.matches) > 0);
  return {
    branches: matching.map((row) => row.kind as KeywordBranch),
    few: matching.reduce((sum, row) => sum + Number(row.matches), 0) <= FEW_KEYWORD_MATCHES,
  };
}

/** The count of a list, unexecuted (so its plan can be shown, too). */
export function orderCountQuery(storage: Storage, projectId: string, filter: OrderFilter, keywordPlan?: KeywordPlan) {
  return storage.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(orderFilterSql(projectId, filter, storage.dialect, { plan: keywordPlan }));
}

/**
 * One page of a list, unexecuted (so its plan can be shown, too). Neither database's planner can
 * tell a keyword matching one order from one matching half of them; the plan can.
 */
export function orderPageQuery(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  page: Pagination,
  keywordPlan?: KeywordPlan,
) {
  let query = storage.db
    .selectFrom('orders')
    .selectAll()
    .where(orderFilterSql(projectId, filter, storage.dialect, pageKeywordAccess(keywordPlan)));
  for (const order of orderSortSql(filter, storage.dialect)) query = query.orderBy(order);
  return query.limit(page.limit).offset((page.page - 1) * page.limit);
}

/** How pages reach the keyword's matches: few are fetched by id and sorted, many found in order. */
export function pageKeywordAccess(plan: KeywordPlan | undefined) {
  return { plan, form: plan?.few ? ('id-set' as const) : ('index-or' as const) };
}

export async function countOrders(storage: Storage, projectId: string, filter: OrderFilter): Promise<number> {
  const row = await orderCountQuery(storage, projectId, filter, await planKeyword(storage, projectId, filter)).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listOrders(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  page: Pagination,
): Promise<Order[]> {
  const rows = await orderPageQuery(storage, projectId, filter, page, await planKeyword(storage, projectId, filter)).execute();
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

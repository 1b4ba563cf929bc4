import type { Kysely } from 'kysely';
import type { Order, OrderDetail, OrderProduct, OrderWithProducts, PaymentInfo } from '../domain/order.js';
import type { OrderFilter, Pagination } from '../domain/order-query.js';
import type { Storage } from './storage.js';
import { cancellationRequestsOf } from './cancellation-request-repository.js';
import { keywordPlanQuery, type KeywordBranch, type KeywordPlan } from './keyword-sql.js';
import { countFromCounters } from './order-counter-repository.js';
import { orderFilterSql, orderSortSql } from './order-filter-sql.js';
import { onBehalfOf } from './read-tenant.js';
import type { Database, OrderRow } from './schema.js';

/** The `payment` column (JSON of PaymentInfo, or null) as the domain's value. */
export function paymentFromColumn(payment: string | null): PaymentInfo | null {
  return payment === null ? null : (JSON.parse(payment) as PaymentInfo);
}

export function orderFromRow(row: OrderRow): Order {
  return { ...row, payment: paymentFromColumn(row.payment) };
}

/**
 * Up to this many keyword matches a page fetches them all and sorts them (a few ms); above it,
 * walking the list's order finds a page's 20 matches after reading about 20 / share of rows.
 */
export const FEW_KEYWORD_MATCHES = 2_000;

/** The keyword's plan (keyword-sql.ts), when the filter has a keyword: one small statement. */
export async function planKeyword(storage: Storage, projectId: string, filter: OrderFilter): Promise<KeywordPlan | undefined> {
  if (filter.keyword === undefined) return undefined;
  const query = keywordPlanQuery(storage.reads, projectId, filter.keyword, storage.dialect, FEW_KEYWORD_MATCHES);
  const rows = await onBehalfOf(projectId, () => query.execute());
  const matching = rows.filter((row) => Number(row.matches) > 0);
  return {
    branches: matching.map((row) => row.kind as KeywordBranch),
    few: matching.reduce((sum, row) => sum + Number(row.matches), 0) <= FEW_KEYWORD_MATCHES,
  };
}

/** The count of a list, unexecuted (so its plan can be shown, too). */
export function orderCountQuery(storage: Storage, projectId: string, filter: OrderFilter, keywordPlan?: KeywordPlan) {
  return storage.reads
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(orderFilterSql(projectId, filter, storage.dialect, { plan: keywordPlan }));
}

/**
 * One page of a list, unexecuted (so its plan can be shown, too); `lookahead` more rows tell
 * whether another page follows. A page past the first is a deferred join: the skipped rows are
 * walked in the filter's index for their order ids only (an index-only scan), and just the page's
 * rows are then read in full; an OFFSET over whole rows read every skipped row from the table
 * (Postgres: 15 ms for page=1000 at 1M orders, see docs/benchmarks-postgres.md). Neither database's
 * planner can tell a keyword matching one order from one matching half of them; the plan can.
 */
export function orderPageQuery(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  page: Pagination,
  lookahead = 0,
  keywordPlan?: KeywordPlan,
) {
  const access = pageKeywordAccess(keywordPlan);
  const sort = orderSortSql(filter, storage.dialect);
  const offset = (page.page - 1) * page.limit;
  const limit = page.limit + lookahead;
  if (offset === 0) {
    let query = storage.reads.selectFrom('orders').selectAll().where(orderFilterSql(projectId, filter, storage.dialect, access));
    for (const order of sort) query = query.orderBy(order);
    return query.limit(limit);
  }
  let ids = storage.reads.selectFrom('orders').select('order_id').where(orderFilterSql(projectId, filter, storage.dialect, access));
  for (const order of sort) ids = ids.orderBy(order);
  let query = storage.reads.selectFrom('orders').selectAll()
    .where(storage.dialect.projectBesideKey('project_id', projectId))
    .where('order_id', 'in', ids.limit(limit).offset(offset));
  for (const order of sort) query = query.orderBy(order);
  return query;
}

/** How pages reach the keyword's matches: few are fetched by id and sorted, many found in order. */
export function pageKeywordAccess(plan: KeywordPlan | undefined) {
  return { plan, form: plan?.few ? ('id-set' as const) : ('index-or' as const) };
}

/**
 * The exact number of orders the filter matches: a sum over the maintained counters when they
 * hold every field of the filter (domain/order-counter-filter.ts decides), else `COUNT(*)`.
 */
/** `keywordPlan`: the keyword's plan when the caller made it already (a list plans once for count and page). */
export async function countOrders(storage: Storage, projectId: string, filter: OrderFilter, keywordPlan?: KeywordPlan): Promise<number> {
  return (await countFromCounters(storage, projectId, filter)) ?? countOrdersByScan(storage, projectId, filter, keywordPlan);
}

/** `COUNT(*)` over the matching orders, through the filter's index. */
export async function countOrdersByScan(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  keywordPlan?: KeywordPlan,
): Promise<number> {
  const plan = keywordPlan ?? (await planKeyword(storage, projectId, filter));
  const row = await onBehalfOf(projectId, () => orderCountQuery(storage, projectId, filter, plan).executeTakeFirstOrThrow());
  return Number(row.count);
}

export async function listOrders(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  page: Pagination,
  lookahead = 0,
  keywordPlan?: KeywordPlan,
): Promise<Order[]> {
  const plan = keywordPlan ?? (await planKeyword(storage, projectId, filter));
  const rows = await onBehalfOf(projectId, () => orderPageQuery(storage, projectId, filter, page, lookahead, plan).execute());
  return rows.map(orderFromRow);
}

export async function findOrder(
  storage: Storage,
  projectId: string,
  orderId: string,
): Promise<OrderDetail | null> {
  return onBehalfOf(projectId, () => findOrderIn(storage.reads, projectId, orderId));
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
  const [products, history, subscription, cancellationRequests] = await Promise.all([
    db
      .selectFrom('order_products')
      .select(['product_id', 'name', 'quantity', 'price'])
      .where('project_id', '=', projectId)
      .where('order_id', '=', orderId)
      .orderBy('line_no')
      .execute(),
    db
      .selectFrom('order_status_history')
      .select(['seq', 'at', 'action', 'from_status', 'to_status', 'from_receipt_status', 'to_receipt_status', 'actor', 'reason', 'cancellation_request_id'])
      .select(['actor_type', 'actor_id', 'actor_name', 'channel'])
      .where('project_id', '=', projectId)
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
    cancellationRequestsOf(db, projectId, orderId),
  ]);
  return {
    ...orderFromRow(row),
    products,
    history,
    subscription: subscription ?? null,
    cancellation_requests: cancellationRequests,
  };
}

export function orderToRow(order: Order): OrderRow {
  return { ...order, payment: order.payment === null ? null : JSON.stringify(order.payment) };
}

/** An order's product lines as `order_products` rows, numbered from 1 in the order given. */
export function productRows(order: OrderWithProducts) {
  return order.products.map((p: OrderProduct, index) => ({ project_id: order.project_id, order_id: order.order_id, line_no: index + 1, ...p }));
}

/** Inserts orders and their products in one transaction (all or nothing). */
/** The rows of `insertOrders`, for a bulk insert that adds other tables in the same transaction. */
export function orderTables(orders: readonly OrderWithProducts[]) {
  return [
    { table: 'orders' as const, rows: orders.map(({ products: _products, ...order }) => orderToRow(order)) },
    { table: 'order_products' as const, rows: orders.flatMap(productRows) },
  ];
}

export async function insertOrders(storage: Storage, orders: readonly OrderWithProducts[]): Promise<void> {
  await storage.bulkInsert(orderTables(orders));
}

import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { idPrefix, LAST_ID_SECOND } from '../domain/order-ids.js';
import type { StatusAction } from '../domain/order-transitions.js';
import type { SortPosition } from '../domain/order-cursor.js';
import type { OrderFilter } from '../domain/order-query.js';
import { buyerSearchConditions } from './buyer-search-sql.js';
import type { DialectCapabilities } from './dialect.js';
import { keywordCondition, type KeywordForm, type KeywordPlan } from './keyword-sql.js';
import type { Database } from './schema.js';

type OrdersBuilder = ExpressionBuilder<Database, 'orders'>;

/** Ids of the project's orders with a failed payment attempt; a semi-join served by the history's index. */
function ordersWithFailedPayment(eb: OrdersBuilder, projectId: string) {
  return eb
    .selectFrom('order_status_history')
    .select('order_status_history.order_id')
    .where('order_status_history.project_id', '=', projectId)
    .where('order_status_history.action', '=', 'payment.fail' satisfies StatusAction);
}

/**
 * One stretch of the list's order that a keyset page reads with one index range: the orders with a
 * value of the filter's date field (`dated`), or, in the `p_at` order without a date range, the
 * unpaid orders after them (`undated`, no purchased_at, ordered by order_id alone). `after` is the
 * position the page continues from.
 */
export type KeysetSlice = { part: 'dated' | 'undated'; after?: SortPosition };

/**
 * The date conditions as one range on the sort's index. The upper bounds on created_at (the range's
 * end, `created_before`) fold into one; after a position the position alone is the upper bound,
 * because the row it came from already met the others. Given two upper bounds SQLite seeks on one
 * and filters the other, so a keyset page that kept the month's end re-walked every row before the
 * position: a one-month export was quadratic.
 */
function dateRange(eb: OrdersBuilder, filter: OrderFilter, slice: KeysetSlice | undefined): Expression<SqlBool>[] {
  const column = filter.dateField;
  const conditions: Expression<SqlBool>[] = [];
  if (filter.from !== undefined) conditions.push(eb(column, '>=', filter.from));
  const ends = [column === 'created_at' ? filter.createdBefore : undefined, filter.to].filter((v) => v !== undefined);
  const after = slice?.after;
  if (slice?.part === 'undated') {
    conditions.push(eb('purchased_at', 'is', null));
    if (after) conditions.push(eb('order_id', '<', after.orderId));
  } else if (slice && column === 'purchased_at') {
    // A dated slice of the p_at order stops at the unpaid orders instead of walking through them.
    conditions.push(eb('purchased_at', 'is not', null));
  }
  if (slice?.part === 'dated' && after && after.date !== null) {
    // A row value: both databases seek on it (SQLite shows `(created_at,order_id)<(?,?)`).
    conditions.push(eb(eb.refTuple(column, 'order_id'), '<', eb.tuple(after.date, after.orderId)));
  } else if (ends.length > 0) {
    conditions.push(eb(column, '<', Math.min(...ends)));
  }
  if (column !== 'created_at' && filter.createdBefore !== undefined) {
    conditions.push(eb('created_at', '<', filter.createdBefore));
  }
  return conditions;
}

/**
 * The created_at range as the order_id range it implies (an id begins with its creation second):
 * on orders partitioned by id ranges this lets the planner skip the months outside it.
 */
function createdIdRange(eb: OrdersBuilder, filter: OrderFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const from = filter.dateField === 'created_at' ? filter.from : undefined;
  const ends = [filter.createdBefore, filter.dateField === 'created_at' ? filter.to : undefined].filter((v) => v !== undefined);
  if (from !== undefined) conditions.push(eb('order_id', '>=', idPrefix(from)));
  const end = Math.min(...ends);
  if (ends.length > 0 && end <= LAST_ID_SECOND) conditions.push(eb('order_id', '<', idPrefix(end)));
  return conditions;
}

/**
 * The WHERE clause of every order query (list, count, summary, export): the project first, then
 * each filter the caller gave, combined with AND; values inside one array combine with OR. With a
 * `slice`, only that stretch of the list's order, after its position. The keyword's plan and form
 * (keyword-sql.ts) only change how its matches are reached, not which.
 */
export function orderFilterSql(
  projectId: string,
  filter: OrderFilter,
  dialect: DialectCapabilities,
  { slice, plan, form }: { slice?: KeysetSlice; plan?: KeywordPlan; form?: KeywordForm } = {},
) {
  return (eb: OrdersBuilder): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [eb('project_id', '=', projectId)];
    if (filter.userId !== undefined) conditions.push(eb('user_id', '=', filter.userId));
    if (filter.userGroupId !== undefined) conditions.push(eb('user_group_id', '=', filter.userGroupId));
    if (filter.subscriptionIds) conditions.push(eb('order_subscription_id', 'in', filter.subscriptionIds));
    if (filter.billingType !== undefined) {
      conditions.push(eb('subscription_billing_type', '=', filter.billingType));
    }
    if (filter.statuses) conditions.push(eb('status', 'in', filter.statuses));
    if (filter.paymentStatuses) conditions.push(eb('receipt_status', 'in', filter.paymentStatuses));
    conditions.push(...dateRange(eb, filter, slice));
    if (dialect.ordersPartitionedById) conditions.push(...createdIdRange(eb, filter));
    if (filter.keyword !== undefined) {
      conditions.push(keywordCondition(eb, projectId, filter.keyword, dialect, plan, form ?? 'index-or'));
    }
    if (filter.orderTypes) conditions.push(eb('order_type', 'in', filter.orderTypes));
    conditions.push(...buyerSearchConditions(eb, filter, dialect));
    if (filter.paymentFailed !== undefined) {
      conditions.push(eb('order_id', filter.paymentFailed ? 'in' : 'not in', ordersWithFailedPayment(eb, projectId)));
    }
    return eb.and(conditions);
  };
}

/**
 * Newest first by the filter's date, ties by order_id; unpaid orders last when sorting by payment.
 * Both databases read the p_at order straight from ix_orders_project_purchased, with or without a
 * range: SQLite's plain `desc` already puts NULL last, and on Postgres migration 0002 built that
 * index as (project_id, purchased_at DESC NULLS LAST, order_id DESC).
 */
export function orderSortSql(filter: Pick<OrderFilter, 'dateField'>, dialect: DialectCapabilities) {
  return filter.dateField === 'purchased_at'
    ? [dialect.descNullsLast('purchased_at'), sql`${sql.ref('order_id')} desc`]
    : [sql`${sql.ref('created_at')} desc`, sql`${sql.ref('order_id')} desc`];
}

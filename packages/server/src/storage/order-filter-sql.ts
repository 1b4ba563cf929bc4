import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { StatusAction } from '../domain/order-transitions.js';
import type { OrderFilter } from '../domain/order-query.js';
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
 * The WHERE clause of every order query (list, count, summary, export): the project first, then
 * each filter the caller gave, combined with AND; values inside one array combine with OR.
 * The keyword's plan and form (keyword-sql.ts) only change how its matches are reached, not which.
 */
export function orderFilterSql(
  projectId: string,
  filter: OrderFilter,
  dialect: DialectCapabilities,
  keyword: { plan?: KeywordPlan; form?: KeywordForm } = {},
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
    if (filter.from !== undefined) conditions.push(eb(filter.dateField, '>=', filter.from));
    if (filter.to !== undefined) conditions.push(eb(filter.dateField, '<', filter.to));
    if (filter.keyword !== undefined) {
      conditions.push(keywordCondition(eb, projectId, filter.keyword, dialect, keyword.plan, keyword.form ?? 'index-or'));
    }
    if (filter.orderTypes) conditions.push(eb('order_type', 'in', filter.orderTypes));
    if (filter.createdBefore !== undefined) conditions.push(eb('created_at', '<', filter.createdBefore));
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

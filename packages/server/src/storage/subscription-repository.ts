import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { SUBSCRIPTION_STATUS } from '../contract/constants.js';
import type { Pagination } from '../domain/order-query.js';
import type { Subscription } from '../domain/order.js';
import { contractStatus, type ContractFigures, type SubscriptionContract, type SubscriptionContractDetail } from '../domain/subscription.js';
import type { SubscriptionFilter } from '../domain/subscription-query.js';
import type { DialectCapabilities } from './dialect.js';
import { orderFromRow } from './order-repository.js';
import { onBehalfOf } from './read-tenant.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

type ContractScope = ExpressionBuilder<Database & { c: Database['order_subscriptions'] }, 'c'>;

/** A contract detail lists at most this many of its billing orders (newest first); `billing_count` has them all. */
export const MAX_CONTRACT_ORDERS = 1_000;

/** The contract's billing orders, as a correlated subquery (ix_orders_project_subscription serves it). */
function billingOrders(eb: ContractScope) {
  return eb
    .selectFrom('orders as o')
    .whereRef('o.project_id', '=', 'c.project_id')
    .whereRef('o.order_subscription_id', '=', 'c.order_subscription_id');
}

function paidOrderExists(eb: ContractScope) {
  return eb.exists(billingOrders(eb).select(sql.lit(1).as('one')).where('o.purchased_at', 'is not', null));
}

/** The contract a given order bills (by id or by order number). */
function billedBy(eb: ContractScope, projectId: string, column: 'order_id' | 'order_number', value: string) {
  return eb(
    'c.order_subscription_id',
    'in',
    eb
      .selectFrom('orders as b')
      .select('b.order_subscription_id')
      .where('b.project_id', '=', projectId)
      .where(`b.${column}`, '=', value)
      .where('b.order_subscription_id', 'is not', null)
      .$narrowType<{ order_subscription_id: string }>(),
  );
}

/** The one WHERE clause of every contract list and its count. */
export function subscriptionFilterSql(projectId: string, filter: SubscriptionFilter, dialect: DialectCapabilities) {
  return (eb: ContractScope): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [eb('c.project_id', '=', projectId)];
    if (filter.userId !== undefined) conditions.push(eb('c.user_id', '=', filter.userId));
    if (filter.userGroupId !== undefined) conditions.push(eb('c.user_group_id', '=', filter.userGroupId));
    if (filter.billingType !== undefined) conditions.push(eb('c.billing_type', '=', filter.billingType));
    if (filter.from !== undefined) conditions.push(eb('c.created_at', '>=', filter.from));
    if (filter.to !== undefined) conditions.push(eb('c.created_at', '<', filter.to));
    if (filter.keyword !== undefined) {
      conditions.push(eb.or([eb('c.order_subscription_id', '=', filter.keyword), dialect.containsExactly('c.name', filter.keyword)]));
    }
    if (filter.orderId !== undefined) conditions.push(billedBy(eb, projectId, 'order_id', filter.orderId));
    if (filter.orderNumber !== undefined) conditions.push(billedBy(eb, projectId, 'order_number', filter.orderNumber));
    if (filter.statuses) {
      const waiting = filter.statuses.includes(SUBSCRIPTION_STATUS.WAITING);
      const active = filter.statuses.includes(SUBSCRIPTION_STATUS.ACTIVE);
      // Only the derived statuses exist (domain/subscription.ts); asking for the others alone matches nothing.
      if (!waiting && !active) conditions.push(sql<SqlBool>`1 = 0`);
      else if (!(waiting && active)) conditions.push(waiting ? eb.not(paidOrderExists(eb)) : paidOrderExists(eb));
    }
    return eb.and(conditions);
  };
}

const CONTRACT_COLUMNS = ['c.order_subscription_id', 'c.user_id', 'c.user_group_id', 'c.billing_type', 'c.name', 'c.created_at'] as const;

type ContractRow = Subscription;

const NO_FIGURES: ContractFigures = {
  first_order_id: null,
  billing_count: 0,
  paid_count: 0,
  latest_purchased_at: null,
  last_billing_created_at: null,
};

/**
 * The figures of the given contracts' billing orders: one grouped read through
 * ix_orders_project_subscription, then their first orders through the same index. (A correlated
 * `max(purchased_at)` per contract let SQLite's planner walk the project's purchased_at index
 * instead: seconds for a page at 100k orders.)
 */
async function contractFigures(storage: Storage, projectId: string, ids: readonly string[]): Promise<Map<string, ContractFigures>> {
  const figures = new Map<string, ContractFigures>();
  if (ids.length === 0) return figures;
  const totals = await storage.reads
    .selectFrom('orders')
    .select((eb) => [
      'order_subscription_id',
      eb.fn.countAll<number>().as('billing_count'),
      eb.fn.count<number>('purchased_at').as('paid_count'),
      eb.fn.max('purchased_at').as('latest_purchased_at'),
      eb.fn.max('created_at').as('last_billing_created_at'),
      eb.fn.min('created_at').as('first_created_at'),
    ])
    .where('project_id', '=', projectId)
    .where('order_subscription_id', 'in', ids)
    .groupBy('order_subscription_id')
    .execute();
  const firstAt = new Map(totals.map((row) => [row.order_subscription_id!, Number(row.first_created_at)]));
  const firsts = await storage.reads
    .selectFrom('orders')
    .select(['order_subscription_id', 'order_id', 'created_at'])
    .where('project_id', '=', projectId)
    .where('order_subscription_id', 'in', ids)
    .where('created_at', 'in', [...new Set(firstAt.values())])
    .execute();
  const firstOrder = new Map<string, string>();
  for (const row of firsts) {
    const id = row.order_subscription_id!;
    if (Number(row.created_at) !== firstAt.get(id)) continue;
    const known = firstOrder.get(id);
    if (known === undefined || row.order_id < known) firstOrder.set(id, row.order_id);
  }
  for (const row of totals) {
    const id = row.order_subscription_id!;
    figures.set(id, {
      first_order_id: firstOrder.get(id) ?? null,
      billing_count: Number(row.billing_count),
      paid_count: Number(row.paid_count),
      latest_purchased_at: row.latest_purchased_at === null ? null : Number(row.latest_purchased_at),
      last_billing_created_at: row.last_billing_created_at === null ? null : Number(row.last_billing_created_at),
    });
  }
  return figures;
}

async function withFigures(storage: Storage, projectId: string, rows: readonly ContractRow[]): Promise<SubscriptionContract[]> {
  const figures = await contractFigures(storage, projectId, rows.map((row) => row.order_subscription_id));
  return rows.map((row) => {
    const own = figures.get(row.order_subscription_id) ?? NO_FIGURES;
    return { ...row, created_at: Number(row.created_at), ...own, status: contractStatus(own) };
  });
}

export async function countContracts(storage: Storage, projectId: string, filter: SubscriptionFilter): Promise<number> {
  const row = await onBehalfOf(projectId, () =>
    storage.reads
      .selectFrom('order_subscriptions as c')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(subscriptionFilterSql(projectId, filter, storage.dialect))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.count);
}

/** One page of contracts, newest first (ties by id, descending). */
export async function listContracts(
  storage: Storage,
  projectId: string,
  filter: SubscriptionFilter,
  page: Pagination,
): Promise<SubscriptionContract[]> {
  return onBehalfOf(projectId, async () => {
    const rows = await storage.reads
      .selectFrom('order_subscriptions as c')
      .select(CONTRACT_COLUMNS)
      .where(subscriptionFilterSql(projectId, filter, storage.dialect))
      .orderBy('c.created_at', 'desc')
      .orderBy('c.order_subscription_id', 'desc')
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute();
    return withFigures(storage, projectId, rows);
  });
}

/** One contract of the project with its newest billing orders, or null (another project's looks absent). */
export async function findContractDetail(
  storage: Storage,
  projectId: string,
  subscriptionId: string,
): Promise<SubscriptionContractDetail | null> {
  return onBehalfOf(projectId, async () => {
    const [row, orders] = await Promise.all([
      storage.reads
        .selectFrom('order_subscriptions as c')
        .select(CONTRACT_COLUMNS)
        .where('c.project_id', '=', projectId)
        .where('c.order_subscription_id', '=', subscriptionId)
        .executeTakeFirst(),
      storage.reads
        .selectFrom('orders')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('order_subscription_id', '=', subscriptionId)
        .orderBy('created_at', 'desc')
        .orderBy('order_id', 'desc')
        .limit(MAX_CONTRACT_ORDERS)
        .execute(),
    ]);
    if (!row) return null;
    const [contract] = await withFigures(storage, projectId, [row]);
    return { ...contract!, orders: orders.map(orderFromRow) };
  });
}

import { sql, type Kysely } from 'kysely';
import type { NewHistoryEntry, OrderWithProducts, Subscription } from '../domain/order.js';
import type { OrderStatus, ReceiptStatus } from '../domain/order-status.js';
import type { OrderChanges } from '../domain/status-action-input.js';
import { indexOrderNames } from './order-name-index.js';
import type { CountedOrder } from '../domain/order-counters.js';
import { applyCounterChanges } from './order-counter-writes.js';
import { orderToRow, productRows } from './order-repository.js';
import type { Database } from './schema.js';

/** Rows of an order, its products and its first history entry (seq 1). */
export function orderInsertRows(order: OrderWithProducts, entry: NewHistoryEntry) {
  const { products, ...fields } = order;
  return {
    order: orderToRow(fields),
    products: productRows(order),
    history: { order_id: order.order_id, seq: 1, project_id: order.project_id, ...entry },
  };
}

/** `counterShard`: the row of each counter key this write adds to (pickCounterShard). */
export async function insertOrder(trx: Kysely<Database>, order: OrderWithProducts, entry: NewHistoryEntry, counterShard = 0): Promise<void> {
  const rows = orderInsertRows(order, entry);
  await trx.insertInto('orders').values(rows.order).execute();
  await indexOrderNames(trx, [rows.order]);
  if (rows.products.length > 0) await trx.insertInto('order_products').values(rows.products).execute();
  await trx.insertInto('order_status_history').values(rows.history).execute();
  await applyCounterChanges(trx, [{ order, sign: 1 }], counterShard);
}

export async function registerContract(trx: Kysely<Database>, projectId: string, contract: Subscription): Promise<void> {
  await trx
    .insertInto('order_subscriptions')
    .values({ project_id: projectId, ...contract })
    .onConflict((oc) => oc.columns(['project_id', 'order_subscription_id']).doNothing())
    .execute();
}

/** The contract as stored: the first order that named it registered it. */
export async function findContract(trx: Kysely<Database>, projectId: string, subscriptionId: string): Promise<Subscription | null> {
  const row = await trx
    .selectFrom('order_subscriptions')
    .select(['order_subscription_id', 'user_id', 'user_group_id', 'billing_type', 'name', 'created_at'])
    .where('project_id', '=', projectId)
    .where('order_subscription_id', '=', subscriptionId)
    .executeTakeFirst();
  return row ?? null;
}

/** What a status change is decided on, and the fields that place the order in the counters. */
export interface OrderStateRow extends CountedOrder {
  status: OrderStatus;
  receipt_status: ReceiptStatus;
  created_at: number;
  last_action: string | null;
}

export async function readOrderState(trx: Kysely<Database>, projectId: string, orderId: string): Promise<OrderStateRow | null> {
  const row = await trx
    .selectFrom('orders')
    .select(['project_id', 'status', 'receipt_status', 'created_at', 'purchased_at', 'order_type', 'subscription_billing_type', 'price', 'cancelled_price'])
    .select((eb) =>
      eb
        .selectFrom('order_status_history')
        .select('action')
        .where('project_id', '=', projectId)
        .where('order_id', '=', orderId)
        .orderBy('seq', 'desc')
        .limit(1)
        .as('last_action'),
    )
    .where('project_id', '=', projectId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, last_action: row.last_action ?? null };
}

export interface StatusChange {
  projectId: string;
  orderId: string;
  /** The order as the decision saw it; the compare-and-set below guarantees it is still so. */
  before: CountedOrder;
  /** The row of each counter key the change adds to (pickCounterShard). */
  counterShard: number;
  entry: NewHistoryEntry & { from_status: OrderStatus; from_receipt_status: ReceiptStatus };
  /** What the action sets besides status, receipt status and updated_at. */
  changes: OrderChanges;
}

/**
 * Moves the order only if it is still in the state the decision was made on (a compare-and-set),
 * and appends the history entry in the same transaction. False when another change came first.
 */
export async function applyStatusChange(trx: Kysely<Database>, change: StatusChange): Promise<boolean> {
  const { entry } = change;
  const { payment, ...columns } = change.changes;
  const updated = await trx
    .updateTable('orders')
    .set({
      ...columns,
      ...(payment === undefined ? {} : { payment: payment === null ? null : JSON.stringify(payment) }),
      status: entry.to_status, receipt_status: entry.to_receipt_status,
      updated_at: entry.at,
    })
    .where('project_id', '=', change.projectId)
    .where('order_id', '=', change.orderId)
    .where('status', '=', entry.from_status)
    .where('receipt_status', '=', entry.from_receipt_status)
    // A partial cancellation leaves the statuses as they were, so the amount is compared too.
    .where('cancelled_price', '=', change.before.cancelled_price)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  // Only payment.complete sets purchased_at, and only from statuses no action returns to, so the
  // compare-and-set on the statuses also pins the purchased_at the change was decided on.
  const after: CountedOrder = {
    ...change.before,
    status: entry.to_status,
    receipt_status: entry.to_receipt_status,
    purchased_at: columns.purchased_at !== undefined ? columns.purchased_at : change.before.purchased_at,
    cancelled_price: columns.cancelled_price ?? change.before.cancelled_price,
  };
  await applyCounterChanges(trx, [{ order: change.before, sign: -1 }, { order: after, sign: 1 }], change.counterShard);
  // The order row is now locked (or, on SQLite, the database is), so the next seq is ours.
  await trx
    .insertInto('order_status_history')
    .values({
      order_id: change.orderId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from order_status_history
        where project_id = ${change.projectId} and order_id = ${change.orderId})`,
      project_id: change.projectId,
      ...entry,
    })
    .execute();
  return true;
}

/**
 * The first statement of a write that reads before it writes: a no-op update of the order row.
 * On SQLite it takes the write lock at once, so no other process can write between this
 * transaction's reads and its writes (which would fail it with SQLITE_BUSY_SNAPSHOT); on Postgres
 * it locks the order's row, so concurrent steps on one order run one after the other.
 */
export async function lockOrderForChange(trx: Kysely<Database>, projectId: string, orderId: string): Promise<void> {
  await trx.updateTable('orders').set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('project_id', '=', projectId).where('order_id', '=', orderId).execute();
}

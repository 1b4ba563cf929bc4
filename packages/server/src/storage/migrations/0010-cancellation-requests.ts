import { sql, type Kysely } from 'kysely';

/**
 * Cancellation requests as Bootpay models them, and partial cancellation:
 * - `order_cancellation_requests`: one row per request (requested, approved, rejected, withdrawn),
 *   with the requested products and amounts and who processed it;
 * - `orders.cancelled_price`: how much of the order's price has been refunded (the price itself
 *   never changes); a cancelled order (status 4) has all of it refunded, so existing ones get it;
 * - `order_counters.cancelled_amount`: the sum of `cancelled_price` beside the sum of `price`,
 *   kept in the same transaction as every write, built here from the orders;
 * - `order_status_history.cancellation_request_id`: which request a cancellation step belongs to.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_cancellation_requests')
    .addColumn('order_cancellation_request_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id'))
    /** The request's number among its order's, from 1: the order they were made in. */
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('cancel_type', 'integer')
    .addColumn('requested_price', 'bigint', (c) => c.notNull())
    .addColumn('refund_price', 'bigint')
    /** JSON of CancelProductLine[]; '[]' when the request names an amount only. */
    .addColumn('cancel_products', 'text', (c) => c.notNull())
    .addColumn('requested_role', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('processed_at', 'bigint')
    .addColumn('processed_by', 'text')
    .addColumn('processed_message', 'text')
    .execute();
  await db.schema
    .createIndex('ux_cancellation_requests_order')
    .on('order_cancellation_requests')
    .columns(['order_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('ix_cancellation_requests_project')
    .on('order_cancellation_requests')
    .columns(['project_id', 'requested_at', 'order_cancellation_request_id'])
    .execute();
  await db.schema.alterTable('orders').addColumn('cancelled_price', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update orders set cancelled_price = price where status = 4`.execute(db);
  await db.schema.alterTable('order_counters').addColumn('cancelled_amount', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update order_counters set cancelled_amount = amount where status = 4`.execute(db);
  await db.schema.alterTable('order_status_history').addColumn('cancellation_request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_status_history').dropColumn('cancellation_request_id').execute();
  await db.schema.alterTable('order_counters').dropColumn('cancelled_amount').execute();
  await db.schema.alterTable('orders').dropColumn('cancelled_price').execute();
  await db.schema.dropTable('order_cancellation_requests').execute();
}

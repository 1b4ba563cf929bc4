import { type Kysely } from 'kysely';

/**
 * The filter indexes of 0001 ended in `created_at` but the list sorts by `created_at desc,
 * order_id desc`. Without `order_id` an index cannot give the whole order, so SQLite's planner
 * (with no statistics) walked the project's newest orders through ix_orders_project_created and
 * filtered them instead: a buyer with 20 orders over 13 months cost a scan of the whole project
 * (1.1 s at 1M orders; see docs/benchmarks.md). Ending each in the full sort key lets one index
 * serve both the filter and the page, on SQLite and Postgres alike.
 */
const FILTER_INDEXES: Array<[name: string, column: string]> = [
  ['ix_orders_project_status', 'status'],
  ['ix_orders_project_receipt_status', 'receipt_status'],
  ['ix_orders_project_user', 'user_id'],
  ['ix_orders_project_group', 'user_group_id'],
  ['ix_orders_project_subscription', 'order_subscription_id'],
  ['ix_orders_project_billing', 'subscription_billing_type'],
];

async function rebuild(db: Kysely<any>, withOrderId: boolean): Promise<void> {
  for (const [name, column] of FILTER_INDEXES) {
    await db.schema.dropIndex(name).execute();
    const columns = ['project_id', column, 'created_at', ...(withOrderId ? ['order_id'] : [])];
    await db.schema.createIndex(name).on('orders').columns(columns).execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false);
}

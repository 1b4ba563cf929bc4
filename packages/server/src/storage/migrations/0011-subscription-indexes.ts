import { type Kysely } from 'kysely';

/**
 * `GET /v1/order_subscriptions` lists a project's contracts newest first, filtered by buyer or
 * buyer group: each index ends in the sort key, so a page is read in order without sorting.
 * (The primary key, project_id + order_subscription_id, serves the detail.)
 */
const INDEXES: Array<[name: string, columns: string[]]> = [
  ['ix_subscriptions_project_created', ['project_id', 'created_at', 'order_subscription_id']],
  ['ix_subscriptions_project_user', ['project_id', 'user_id', 'created_at', 'order_subscription_id']],
  ['ix_subscriptions_project_group', ['project_id', 'user_group_id', 'created_at', 'order_subscription_id']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('order_subscriptions').columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}

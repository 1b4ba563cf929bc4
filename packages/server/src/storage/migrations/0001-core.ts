import { type Kysely } from 'kysely';

/** Projects, keys, buyers, subscriptions, orders, products and status history. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('client_key', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('ix_api_keys_project').on('api_keys').column('project_id').execute();

  await db.schema
    .createTable('buyer_groups')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('user_group_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_buyer_groups', ['project_id', 'user_group_id'])
    .execute();

  await db.schema
    .createTable('buyers')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('user_group_id', 'text')
    .addPrimaryKeyConstraint('pk_buyers', ['project_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('order_subscriptions')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('order_subscription_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('user_group_id', 'text')
    .addColumn('billing_type', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_order_subscriptions', ['project_id', 'order_subscription_id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('order_number', 'text', (c) => c.notNull())
    .addColumn('order_name', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('tax_free_price', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('receipt_status', 'integer', (c) => c.notNull())
    .addColumn('order_type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('user_email', 'text')
    .addColumn('user_phone', 'text')
    .addColumn('user_group_id', 'text')
    .addColumn('order_subscription_id', 'text')
    .addColumn('subscription_billing_type', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('receipt_id', 'text')
    .addColumn('payment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('purchased_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One index per filter family of the list; each ends in the sort key so a page needs no sort.
  const orderIndexes: Array<[string, string[]]> = [
    ['ix_orders_project_created', ['project_id', 'created_at', 'order_id']],
    ['ix_orders_project_purchased', ['project_id', 'purchased_at', 'order_id']],
    ['ix_orders_project_status', ['project_id', 'status', 'created_at']],
    ['ix_orders_project_receipt_status', ['project_id', 'receipt_status', 'created_at']],
    ['ix_orders_project_user', ['project_id', 'user_id', 'created_at']],
    ['ix_orders_project_group', ['project_id', 'user_group_id', 'created_at']],
    ['ix_orders_project_subscription', ['project_id', 'order_subscription_id', 'created_at']],
    ['ix_orders_project_billing', ['project_id', 'subscription_billing_type', 'created_at']],
    ['ix_orders_project_receipt_id', ['project_id', 'receipt_id']],
  ];
  for (const [name, columns] of orderIndexes) {
    await db.schema.createIndex(name).on('orders').columns(columns).execute();
  }
  await db.schema
    .createIndex('ux_orders_project_number')
    .on('orders')
    .columns(['project_id', 'order_number'])
    .unique()
    .execute();

  await db.schema
    .createTable('order_products')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_order_products', ['order_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('order_status_history')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'integer')
    .addColumn('to_status', 'integer', (c) => c.notNull())
    .addColumn('from_receipt_status', 'integer')
    .addColumn('to_receipt_status', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('pk_order_status_history', ['order_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('ix_order_status_history_project_action_at')
    .on('order_status_history')
    .columns(['project_id', 'action', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'order_status_history', 'order_products', 'orders', 'order_subscriptions',
    'buyers', 'buyer_groups', 'api_keys', 'projects', 'settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

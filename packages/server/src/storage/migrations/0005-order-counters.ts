import { type Kysely } from 'kysely';
import { serviceConfig } from '../../config.js';
import { buildOrderCounters, COUNTER_ROW_COLUMNS, COUNTERS_TIME_ZONE_SETTING } from '../order-counter-build.js';

/**
 * Maintained counters (order count and amount) per project, local day, date field and the
 * low-cardinality dimensions, so an exact count over dates and those dimensions is a sum over a
 * few hundred rows instead of a scan of every matching order. A key may have several rows
 * (`shard`) so that concurrent writers of today's counts do not all wait for one row lock. Built here from the existing orders
 * in the service's zone (JUMUN_TIME_ZONE, default Asia/Seoul); every write keeps them current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_counters')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('date_field', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('receipt_status', 'integer', (c) => c.notNull())
    .addColumn('order_type', 'text', (c) => c.notNull())
    .addColumn('billing_type', 'integer', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('orders', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_order_counters', [...COUNTER_ROW_COLUMNS])
    .execute();
  // The key has the day before the status: a status count over all time would read every row of
  // the project (7,600 at 13 months) instead of that status's rows.
  await db.schema.createIndex('ix_order_counters_status').on('order_counters').columns(['project_id', 'date_field', 'status', 'day']).execute();
  await buildOrderCounters(db, serviceConfig().timeZone);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('order_counters').execute();
  await db.deleteFrom('settings').where('name', '=', COUNTERS_TIME_ZONE_SETTING).execute();
}

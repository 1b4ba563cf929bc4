import { type Kysely } from 'kysely';

/**
 * Webhooks: endpoints per project, and the outbox. An event is written with the change it tells
 * of, in the same transaction, together with one delivery per endpoint that wants it; the delivery
 * worker claims due deliveries (a lease), sends them and records every attempt. Scheduling times
 * (`*_ms`) are Unix milliseconds, so retries in tests can be seconds apart; the rest are seconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('webhook_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // JSON array of event types; null: every event.
    .addColumn('events', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'bigint')
    // The signing secret, AES-256-GCM under a key derived from the server's hash key.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_created_at', 'bigint', (c) => c.notNull())
    .addColumn('failing_since_ms', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_webhook_endpoints_project').on('webhook_endpoints').columns(['project_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    // The order's history entry the event tells of: what orders an order's events.
    .addColumn('order_seq', 'integer')
    // The request body every delivery of the event sends.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('delivery_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('webhook_events.event_id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhook_endpoints.webhook_id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('order_seq', 'integer')
    // pending (waiting or being sent), delivered, failed (gave up)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_ms', 'bigint', (c) => c.notNull())
    .addColumn('lease_until_ms', 'bigint')
    .addColumn('created_ms', 'bigint', (c) => c.notNull())
    // Retries give up this long after this instant: the creation, or the last redelivery by hand.
    .addColumn('retry_from_ms', 'bigint', (c) => c.notNull())
    .addColumn('finished_ms', 'bigint')
    .execute();
  await db.schema.createIndex('ix_webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_ms']).execute();
  await db.schema
    .createIndex('ix_webhook_deliveries_order')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'order_id', 'order_seq'])
    .execute();
  await db.schema.createIndex('ix_webhook_deliveries_endpoint').on('webhook_deliveries').columns(['webhook_id', 'created_ms']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.delivery_id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_ms', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .addPrimaryKeyConstraint('pk_webhook_attempts', ['delivery_id', 'attempt'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_events').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}

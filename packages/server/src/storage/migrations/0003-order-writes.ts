import { type Kysely } from 'kysely';

/**
 * Idempotency keys of writes: one row per (project, key), holding a hash of the request it was
 * first used with and the response then given. The primary key is what makes concurrent
 * requests with one key wait for the first one instead of all doing the work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_idempotency_keys', ['project_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('ix_idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}

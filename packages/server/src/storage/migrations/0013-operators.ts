import { type Kysely } from 'kysely';

/**
 * Staff accounts (operators), their console sessions and one-time set-password links, the audit
 * log, and who made each order change: `actor_type`, `actor_id`, `actor_name`, `channel` beside
 * the old `actor` (entries written before this migration keep them null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('operator_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    // Lower-cased; one account per address across the installation, since sign-in names no project.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();
  await db.schema.createIndex('ix_operators_project').on('operators').columns(['project_id', 'created_at']).execute();

  await db.schema
    .createTable('operator_sessions')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.operator_id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('ix_operator_sessions_operator').on('operator_sessions').column('operator_id').execute();

  await db.schema
    .createTable('operator_password_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.operator_id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('ix_operator_password_links_operator').on('operator_password_links').column('operator_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('audit_id', 'text', (c) => c.primaryKey())
    // Null for a failed sign-in with an address no account has.
    .addColumn('project_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('target_operator_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('ix_audit_log_project_at').on('audit_log').columns(['project_id', 'at', 'audit_id']).execute();

  for (const column of ['actor_type', 'actor_id', 'actor_name', 'channel']) {
    await db.schema.alterTable('order_status_history').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['channel', 'actor_name', 'actor_id', 'actor_type']) {
    await db.schema.alterTable('order_status_history').dropColumn(column).execute();
  }
  for (const table of ['audit_log', 'operator_password_links', 'operator_sessions', 'operators']) {
    await db.schema.dropTable(table).execute();
  }
}

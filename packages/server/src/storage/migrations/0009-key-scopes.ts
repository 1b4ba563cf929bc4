import { type Kysely } from 'kysely';

/**
 * Key scopes: `write` keys (every key made before this migration, and the default) may do
 * everything; `read` keys may list, read, summarize and export, and every write answers 403.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('scope', 'text', (c) => c.notNull().defaultTo('write')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('scope').execute();
}

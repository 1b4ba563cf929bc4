import { type Kysely } from 'kysely';

/**
 * The `jumun serve` processes sharing this database, each announcing itself every few seconds, so
 * each can enforce its share of the request limits (services/server-presence.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_processes')
    .addColumn('process_id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('seen_at_ms', 'bigint', (c) => c.notNull())
    // Counted until then: three of the process's own announcement intervals after it was seen.
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_processes').execute();
}

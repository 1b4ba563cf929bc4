import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { buyerIndexes } from '../buyer-search-sql.js';
import { postgresCapabilities, sqliteCapabilities } from '../dialect.js';

/**
 * Buyer search (`username`, `user_email`, `user_phone`): expression indexes over the orders'
 * buyer snapshot (storage/buyer-search-sql.ts), so no column is added and no write path changes:
 * every insert, update and bulk load keeps them as it keeps any index. Building them reads the
 * table once per index; nothing is rewritten.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const dialect = postgres ? postgresCapabilities : sqliteCapabilities;
  if (postgres) {
    for (const statement of dialect.indexBuildSettings) await sql.raw(statement).execute(db);
  }
  for (const index of buyerIndexes(dialect)) await index.create.execute(db);
  // Without statistics of a new index SQLite's planner may take it for any `project_id = ?`.
  if (postgres) await sql`analyze orders`.execute(db);
  else for (const index of buyerIndexes(dialect)) await sql`analyze ${sql.ref(index.name)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of buyerIndexes(sqliteCapabilities)) await db.schema.dropIndex(index.name).execute();
}

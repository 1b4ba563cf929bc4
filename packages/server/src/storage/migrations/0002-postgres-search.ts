import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Columns matched by prefix: compared byte by byte, as SQLite's default BINARY collation does. */
const PREFIX_COLUMNS: Array<[table: string, column: string]> = [
  ['order_products', 'order_id'],
  ['order_status_history', 'order_id'],
  ['orders', 'order_id'],
  ['orders', 'order_number'],
  ['orders', 'receipt_id'],
];

/**
 * Postgres only (SQLite needs none of it):
 * - ids and order numbers compare byte-wise (COLLATE "C"), so a keyword's `>= p AND < p'` prefix
 *   range means "starts with" in any database locale, and their B-tree indexes serve it;
 * - a trigram index serves the keyword's substring match on order_name (ILIKE '%…%') when the
 *   keyword has 3 or more characters;
 * - the p_at index matches the list's order (purchased_at DESC NULLS LAST, order_id DESC), so a
 *   page is read from the index without sorting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // Building indexes on an existing large table takes longer than a request may.
  await sql`set local statement_timeout = 0`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  for (const [table, column] of PREFIX_COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
  }
  // New entries wait in a pending list that every search reads through; 512 kB keeps that read
  // short (a full 4 MB default list added 30–50 ms to each keyword query) while inserts stay batched.
  await sql`create index ix_orders_name_trgm on orders using gin (order_name gin_trgm_ops)
    with (gin_pending_list_limit = 512)`.execute(db);
  await db.schema.dropIndex('ix_orders_project_purchased').execute();
  await sql`create index ix_orders_project_purchased
    on orders (project_id, purchased_at desc nulls last, order_id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema.dropIndex('ix_orders_project_purchased').execute();
  await db.schema.createIndex('ix_orders_project_purchased').on('orders')
    .columns(['project_id', 'purchased_at', 'order_id']).execute();
  await db.schema.dropIndex('ix_orders_name_trgm').execute();
  for (const [table, column] of PREFIX_COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "default"`.execute(db);
  }
}

import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { indexOrderNames } from '../order-name-index.js';
import type { Database } from '../schema.js';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Distinct names read per step while building the index for existing orders. */
const NAMES_PER_STEP = 5_000;

/**
 * The keyword's search index (storage/order-name-index.ts keeps it; storage/keyword-sql.ts reads it):
 * - order_names: each project's distinct order names, with the A–Z-folded text a keyword is
 *   looked for in; orders mostly repeat catalogue names, so this is small;
 * - order_name_grams: every 2-character piece of each folded name, so a keyword of any length
 *   finds its candidate names by B-tree lookups even when every order has a name of its own;
 * - ix_orders_project_name: a name's orders, ending in the list's sort key.
 * On Postgres the trigram index of 0002 goes: nothing reads it any more, and every insert paid
 * for it. Pieces compare byte-wise (COLLATE "C") so a 1-character keyword is a prefix range.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  if (postgres) await sql`set local statement_timeout = 0`.execute(db);
  // Each table is all primary key (names are looked up by key, pieces by piece): SQLite need not
  // keep rows apart from it.
  const keyOnly = <T extends { modifyEnd(node: ReturnType<typeof sql>): T }>(table: T) =>
    postgres ? table : table.modifyEnd(sql`without rowid`);
  await keyOnly(db.schema
    .createTable('order_names')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('name_key', 'bigint', (c) => c.notNull())
    .addColumn('order_name', 'text', (c) => c.notNull())
    .addColumn('folded_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_order_names', ['project_id', 'name_key', 'order_name']))
    .execute();
  await keyOnly(db.schema
    .createTable('order_name_grams')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('gram', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('name_key', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_order_name_grams', ['project_id', 'gram', 'name_key']))
    .execute();
  await db.schema
    .createIndex('ix_orders_project_name')
    .on('orders')
    .columns(['project_id', 'order_name', 'created_at', 'order_id'])
    .execute();

  // Keyset steps over the new index: memory stays bounded however many distinct names there are.
  let after: { project_id: string; order_name: string } | undefined;
  for (;;) {
    let step = (db as Kysely<Database>)
      .selectFrom('orders')
      .select(['project_id', 'order_name'])
      .distinct()
      .orderBy('project_id')
      .orderBy('order_name')
      .limit(NAMES_PER_STEP);
    if (after) {
      const last = after;
      step = step.where((eb) => eb(eb.refTuple('project_id', 'order_name'), '>', eb.tuple(last.project_id, last.order_name)));
    }
    const names = await step.execute();
    await indexOrderNames(db as Kysely<Database>, names);
    if (names.length < NAMES_PER_STEP) break;
    after = names[names.length - 1];
  }

  if (postgres) {
    await sql`drop index if exists ix_orders_name_trgm`.execute(db);
    await sql`analyze order_names, order_name_grams`.execute(db);
  } else {
    // Without statistics SQLite takes the new index for any `project_id = ?` (see docs/benchmarks.md).
    await sql`analyze ix_orders_project_name`.execute(db);
    await sql`analyze order_names`.execute(db);
    await sql`analyze order_name_grams`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ix_orders_project_name').execute();
  await db.schema.dropTable('order_name_grams').execute();
  await db.schema.dropTable('order_names').execute();
  if (isPostgres(db)) {
    await sql`set local statement_timeout = 0`.execute(db);
    await sql`create index ix_orders_name_trgm on orders using gin (order_name gin_trgm_ops)
      with (gin_pending_list_limit = 512)`.execute(db);
  }
}

import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { postgresCapabilities } from '../dialect.js';
import { NO_PROJECT } from '../distribution.js';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Tables that get a `project_id`, filled from the row they belong to. */
const BACKFILLS: Array<{ table: string; parent: string; on: string }> = [
  { table: 'order_products', parent: 'orders', on: 'order_id' },
  { table: 'webhook_attempts', parent: 'webhook_deliveries', on: 'delivery_id' },
];

/**
 * Postgres: the primary keys of the distributed tables (storage/distribution.ts): the old key with
 * the project added at its end, so every lookup the old key served (an order id alone: the import's
 * check, the delivery worker's claim) keeps its index, and no index is added.
 */
const PRIMARY_KEYS: Array<[table: string, columns: string[]]> = [
  ['orders', ['order_id', 'project_id']],
  ['order_products', ['order_id', 'line_no', 'project_id']],
  ['order_status_history', ['order_id', 'seq', 'project_id']],
  ['order_cancellation_requests', ['order_cancellation_request_id', 'project_id']],
  ['webhook_endpoints', ['webhook_id', 'project_id']],
  ['webhook_events', ['event_id', 'project_id']],
  ['webhook_deliveries', ['delivery_id', 'project_id']],
  ['webhook_attempts', ['delivery_id', 'attempt', 'project_id']],
  ['audit_log', ['audit_id', 'project_id']],
  ['saved_views', ['view_id', 'project_id']],
];

/** Postgres: unique indexes that become project-scoped: [name, table, old columns, new columns]. */
const UNIQUE_INDEXES: Array<[name: string, table: string, before: string[], after: string[]]> = [
  ['ux_cancellation_requests_order', 'order_cancellation_requests', ['order_id', 'seq'], ['order_id', 'seq', 'project_id']],
];

/** Postgres: foreign keys between distributed tables; both sides gain the project. */
const FOREIGN_KEYS: Array<[table: string, columns: string[], parent: string, parentColumns: string[]]> = [
  ['order_products', ['order_id'], 'orders', ['order_id']],
  ['order_status_history', ['order_id'], 'orders', ['order_id']],
  ['order_cancellation_requests', ['order_id'], 'orders', ['order_id']],
  ['webhook_deliveries', ['event_id'], 'webhook_events', ['event_id']],
  ['webhook_deliveries', ['webhook_id'], 'webhook_endpoints', ['webhook_id']],
  ['webhook_attempts', ['delivery_id'], 'webhook_deliveries', ['delivery_id']],
];

const columnList = (columns: string[]) => sql.join(columns.map((c) => sql.ref(c)));
const fkName = (table: string, columns: string[]) => `fk_${table}_${columns.join('_')}`;

/** Drops the constraints of `kind` (p: primary key, f: foreign key) of the tables, whatever their names. */
async function dropConstraints(db: Kysely<any>, kind: 'p' | 'f', tables: string[]): Promise<void> {
  const found = await sql<{ table_name: string; name: string }>`
    select t.relname as table_name, c.conname as name
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = ${kind} and t.relname = any(${tables}) and t.relnamespace = current_schema()::regnamespace`.execute(db);
  for (const { table_name, name } of found.rows) {
    await sql`alter table ${sql.table(table_name)} drop constraint ${sql.ref(name)}`.execute(db);
  }
}

/** Every foreign key among the tables of FOREIGN_KEYS, so the keys they point at can change. */
async function dropForeignKeysAmongThem(db: Kysely<any>): Promise<void> {
  const found = await sql<{ table_name: string; name: string }>`
    select t.relname as table_name, c.conname as name
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class p on p.oid = c.confrelid
    where c.contype = 'f' and t.relname = any(${FOREIGN_KEYS.map(([table]) => table)})
      and p.relname = any(${FOREIGN_KEYS.map(([, , parent]) => parent)})
      and t.relnamespace = current_schema()::regnamespace`.execute(db);
  for (const { table_name, name } of found.rows) {
    await sql`alter table ${sql.table(table_name)} drop constraint ${sql.ref(name)}`.execute(db);
  }
}

/** Drops the keys this migration changes (either way), after the settings for building indexes. */
async function dropKeysAmongThem(db: Kysely<any>): Promise<void> {
  for (const statement of postgresCapabilities.indexBuildSettings) await sql.raw(statement).execute(db);
  await dropForeignKeysAmongThem(db);
  await dropConstraints(db, 'p', PRIMARY_KEYS.map(([table]) => table));
  for (const [name] of UNIQUE_INDEXES) await sql`drop index ${sql.ref(name)}`.execute(db);
}

/**
 * Tenant keys for a distributed Postgres (docs/postgres.md, "Distributing by project"): every
 * tenant table carries `project_id`, and on Postgres its primary key, unique indexes and foreign
 * keys between tenant tables include it, so Citus can shard by project without another change.
 * Set-based throughout, for databases that already hold millions of orders: the old keys go
 * before the backfill (an UPDATE then maintains no index), each new key is built once.
 * The order id stays unique across projects only by the writers' checks (an import refuses
 * another project's id), no longer by the database: a sharded database cannot enforce it.
 * SQLite gets the columns (queries are the same on both) but keeps its primary keys: changing
 * one means rebuilding the table, minutes for a large one, for a distribution SQLite cannot do.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  if (postgres) {
    await dropKeysAmongThem(db);
  }
  for (const { table, parent, on } of BACKFILLS) {
    await sql`alter table ${sql.table(table)} add column project_id text`.execute(db);
    await sql`update ${sql.table(table)} set project_id = p.project_id
      from ${sql.table(parent)} p where p.${sql.ref(on)} = ${sql.table(table)}.${sql.ref(on)}`.execute(db);
  }
  // A sign-in to an address no account has belongs to no project: '' (a sharded table has no NULL key).
  await sql`update audit_log set project_id = ${NO_PROJECT} where project_id is null`.execute(db);
  if (!postgres) return;

  for (const { table } of BACKFILLS) await sql`alter table ${sql.table(table)} alter column project_id set not null`.execute(db);
  await sql`alter table audit_log alter column project_id set not null`.execute(db);
  for (const [table, columns] of PRIMARY_KEYS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`pk_${table}`)} primary key (${columnList(columns)})`.execute(db);
  }
  for (const [name, table, , columns] of UNIQUE_INDEXES) {
    await sql`create unique index ${sql.ref(name)} on ${sql.table(table)} (${columnList(columns)})`.execute(db);
  }
  for (const [table, columns, parent, parentColumns] of FOREIGN_KEYS) {
    const own = [...columns, 'project_id'];
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(fkName(table, own))}
      foreign key (${columnList(own)}) references ${sql.table(parent)} (${columnList([...parentColumns, 'project_id'])})`.execute(db);
  }
  await sql`analyze order_products, webhook_attempts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  if (postgres) {
    await dropKeysAmongThem(db);
    await sql`alter table audit_log alter column project_id drop not null`.execute(db);
  }
  await sql`update audit_log set project_id = null where project_id = ${NO_PROJECT}`.execute(db);
  for (const { table } of BACKFILLS) await sql`alter table ${sql.table(table)} drop column project_id`.execute(db);
  if (!postgres) return;
  for (const [table, columns] of PRIMARY_KEYS) {
    const old = columns.filter((c) => c !== 'project_id');
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`pk_${table}`)} primary key (${columnList(old)})`.execute(db);
  }
  for (const [name, table, columns] of UNIQUE_INDEXES) {
    await sql`create unique index ${sql.ref(name)} on ${sql.table(table)} (${columnList(columns)})`.execute(db);
  }
  for (const [table, columns, parent, parentColumns] of FOREIGN_KEYS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(fkName(table, columns))}
      foreign key (${columnList(columns)}) references ${sql.table(parent)} (${columnList(parentColumns)})`.execute(db);
  }
}

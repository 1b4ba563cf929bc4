import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** What the catalog says of one table, as statements that make it again (pg_get_*def). */
export interface TableDefinitions {
  table: string;
  /** Primary key, unique, check and exclusion constraints of the table itself. */
  constraints: Array<{ name: string; type: 'p' | 'u' | 'c' | 'x'; definition: string; columns: string[] }>;
  /** Foreign keys from this table to others. */
  foreignKeys: Array<{ name: string; definition: string }>;
  /** Indexes that back no constraint (CREATE [UNIQUE] INDEX …). */
  indexes: Array<{ name: string; definition: string; unique: boolean; columns: string[] }>;
  /** Triggers made by CREATE TRIGGER (not the internal ones of foreign keys). */
  triggers: Array<{ name: string; definition: string }>;
}

/** A foreign key from another table to one of the given tables: what to drop, make again, or follow. */
export interface ReferencingKey {
  table: string;
  name: string;
  definition: string;
  /** Referencing column → referenced column. */
  columns: Array<{ from: string; to: string }>;
  referenced: string;
}

type Db = Kysely<Database>;

/** Names of the columns of `relation` (an SQL expression) at the attribute numbers `numbers`, in order. */
const columnNames = (relation: string, numbers: string) => sql<string[]>`
  array(select a.attname::text from unnest(${sql.raw(numbers)}) with ordinality k(n, i)
    join pg_attribute a on a.attrelid = ${sql.raw(relation)} and a.attnum = k.n order by k.i)`;

export async function tableDefinitions(db: Db, table: string): Promise<TableDefinitions> {
  const relation = sql`${table}::regclass`;
  const constraints = await sql<{ name: string; type: string; definition: string; columns: string[] }>`
    select c.conname as name, c.contype as type, pg_get_constraintdef(c.oid) as definition,
      ${columnNames('c.conrelid', 'c.conkey')} as columns
    from pg_constraint c where c.conrelid = ${relation} and c.contype in ('p', 'u', 'c', 'x', 'f')
    order by c.contype = 'f', c.conname`.execute(db);
  const indexes = await sql<{ name: string; definition: string; unique: boolean; columns: string[] }>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as definition, x.indisunique as unique,
      ${columnNames('x.indrelid', 'x.indkey::int2[]')} as columns
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = ${relation} and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by i.relname`.execute(db);
  const triggers = await sql<{ name: string; definition: string }>`
    select tgname as name, pg_get_triggerdef(oid) as definition from pg_trigger
    where tgrelid = ${relation} and not tgisinternal order by tgname`.execute(db);
  return {
    table,
    constraints: constraints.rows
      .filter((c) => c.type !== 'f')
      .map((c) => ({ ...c, type: c.type as 'p' | 'u' | 'c' | 'x' })),
    foreignKeys: constraints.rows.filter((c) => c.type === 'f').map(({ name, definition }) => ({ name, definition })),
    indexes: indexes.rows,
    triggers: triggers.rows,
  };
}

/** Foreign keys that reference one of `tables`, of tables outside `excluding` (and not of partitions). */
export async function keysReferencing(db: Db, tables: readonly string[], excluding: readonly string[] = tables): Promise<ReferencingKey[]> {
  const result = await sql<{ table: string; name: string; definition: string; referenced: string; from_columns: string[]; to_columns: string[] }>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition,
      c.confrelid::regclass::text as referenced,
      ${columnNames('c.conrelid', 'c.conkey')} as from_columns, ${columnNames('c.confrelid', 'c.confkey')} as to_columns
    from pg_constraint c
    where c.contype = 'f' and c.conparentid = 0
      and c.confrelid = any(array(select t::regclass from unnest(${sql.val([...tables])}::text[]) t))
      and not c.conrelid = any(array(select t::regclass from unnest(${sql.val([...excluding])}::text[]) t))
      and not exists (select 1 from pg_inherits i where i.inhrelid = c.conrelid)
    order by 1, 2`.execute(db);
  return result.rows.map((row) => ({
    table: row.table,
    name: row.name,
    definition: row.definition,
    referenced: row.referenced,
    columns: row.from_columns.map((from, i) => ({ from, to: row.to_columns[i]! })),
  }));
}

/** True when `orders` in the current schema is a partitioned table. */
export async function ordersArePartitioned(db: Db): Promise<boolean> {
  const result = await sql<{ partitioned: boolean }>`
    select exists (
      select 1 from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
      where c.relname = 'orders' and c.relnamespace = current_schema()::regnamespace
    ) as partitioned`.execute(db);
  return result.rows[0]?.partitioned === true;
}

/** The collation of a table's column, as a name to write after COLLATE. */
export async function columnCollation(db: Db, table: string, column: string): Promise<string> {
  const result = await sql<{ collation: string }>`
    select coalesce(c.collname, 'default') as collation from pg_attribute a
    left join pg_collation c on c.oid = a.attcollation
    where a.attrelid = ${table}::regclass and a.attname = ${column}`.execute(db);
  return result.rows[0]?.collation ?? 'default';
}

/** Whether hex digits sort byte-wise (0-9 before a-f) under the collation, as range bounds need. */
export async function sortsHexByteWise(db: Db, collation: string): Promise<boolean> {
  const c = sql.id(collation);
  const result = await sql<{ ok: boolean }>`
    select ('9f' collate ${c} < 'a0' collate ${c} and '09' collate ${c} < '0a' collate ${c}
      and 'ff' collate ${c} > 'f0' collate ${c}) as ok`.execute(db);
  return result.rows[0]?.ok === true;
}

export interface AttachedPartition {
  name: string;
  /** pg_get_expr of the bound: FOR VALUES FROM ('…') TO ('…'), or DEFAULT. */
  bound: string;
  isDefault: boolean;
  estimatedRows: number;
}

export async function partitionsOf(db: Db, table: string): Promise<AttachedPartition[]> {
  const result = await sql<{ name: string; bound: string; estimated_rows: number }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, c.reltuples::bigint as estimated_rows
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass order by c.relname`.execute(db);
  return result.rows.map((row) => ({
    name: row.name,
    bound: row.bound,
    isDefault: row.bound === 'DEFAULT',
    estimatedRows: Number(row.estimated_rows),
  }));
}

/** Tables named like a month's partition of `table` that are no partition now (detached, archived). */
export async function detachedPartitions(db: Db, table: string): Promise<Array<{ schema: string; name: string }>> {
  const result = await sql<{ schema: string; name: string }>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and not c.relispartition and c.relname ~ ${`^${table}_p[0-9]{4}_[0-9]{2}$`}
    order by c.relname, n.nspname`.execute(db);
  return result.rows;
}

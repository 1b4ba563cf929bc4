import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * What differs between the databases, as capabilities. Queries ask the dialect instead of
 * testing which database they run on.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** `column` contains `text`, exactly (no case folding, no wildcards). */
  containsExactly(column: string, text: string): Expression<SqlBool>;
  /**
   * `column` is one of the values `values` selects, in a form that an index on `column` serves
   * even as one branch of an OR (Postgres turns `IN (subquery)` into a semi-join only outside one).
   */
  inSelected(column: string, values: Expression<unknown>): Expression<SqlBool>;
  /** Newest first with missing values after all present ones. */
  descNullsLast(column: string): RawBuilder<unknown>;
  /**
   * Rows per counter key that live writes spread over, so concurrent writers of one day's counts
   * do not queue on one row lock until they commit. Reads sum them all.
   */
  readonly counterShards: number;
  /** Run first in a transaction: every other writer of `table` waits until it ends; readers do not. */
  lockTableForWrite(table: string): RawBuilder<unknown>;
  /**
   * The table's indexes that enforce nothing (not a primary key, not unique), each with the
   * statement that creates it again: what a bulk load into an empty table may build afterwards.
   * On a partitioned table the statement builds the index on every partition (not `ON ONLY`).
   */
  plainIndexes(table: string): RawBuilder<{ name: string; definition: string }>;
  /** Statements run before building indexes in a transaction (no timeout, more sort memory). */
  readonly indexBuildSettings: readonly string[];
  /** `text` with A–Z lower-cased and nothing else, as an expression an index can hold (buyer search). */
  foldAsciiCase(text: RawBuilder<unknown>): RawBuilder<string>;
  /** The last `count` characters of `text`, as an expression an index can hold. */
  lastCharacters(text: RawBuilder<unknown>, count: number): RawBuilder<string>;
  /**
   * Ends a SELECT of rows to claim (alias `claimed`): rows another transaction is claiming are
   * skipped rather than waited for. SQLite needs nothing: its one writer claims alone.
   */
  readonly skipLockedRows: RawBuilder<unknown>;
  /** Tables can be partitioned by range (`jumun migrate --partition-orders monthly`). */
  readonly rangePartitions: boolean;
  /**
   * `orders` is partitioned by ranges of order_id (found in the catalog when storage opens): a
   * created_at range is also given as the id range it implies, so the planner skips other months.
   */
  readonly ordersPartitionedById: boolean;
  /**
   * `column = projectId` in a query that finds rows by their own key (an order id, a range or set
   * of them). On Postgres the key holds the project too (migration 0017). SQLite's keys do not,
   * so there the condition is kept out of index selection (`+column`), lest its planner take one
   * of the indexes that lead with the project instead of the key.
   */
  projectBesideKey(column: string, projectId: string): Expression<SqlBool>;
}

export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  maxParameters: 32_766,
  // One writer at a time anyway: spreading rows would only make reads longer.
  counterShards: 1,
  containsExactly: (column, text) => sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0`,
  inSelected: (column, values) => sql<SqlBool>`${sql.ref(column)} in (${values})`,
  // SQLite sorts NULL lowest, so plain DESC already puts it last and keeps the index usable.
  descNullsLast: (column) => sql`${sql.ref(column)} desc`,
  // Any write takes SQLite's one write lock, which already excludes every other writer; this one
  // changes nothing.
  lockTableForWrite: (table) => sql`delete from ${sql.table(table)} where 0 = 1`,
  plainIndexes: (table) => sql<{ name: string; definition: string }>`
    select l.name as name, m.sql as definition
    from pragma_index_list(${table}) l join sqlite_master m on m.type = 'index' and m.name = l.name
    where l."unique" = 0 and l.origin = 'c' order by l.name`,
  // (`pragma threads = 2` was measured: the same CPU time for the builds, no shorter on 2 cores.)
  indexBuildSettings: [],
  // SQLite's lower() folds ASCII only (no ICU in this build): A–Z, nothing else.
  foldAsciiCase: (text) => sql<string>`lower(${text})`,
  lastCharacters: (text, count) => sql<string>`substr(${text}, ${sql.lit(-count)})`,
  skipLockedRows: sql``,
  rangePartitions: false,
  ordersPartitionedById: false,
  projectBesideKey: (column, projectId) => sql<SqlBool>`+${sql.ref(column)} = ${projectId}`,
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  maxParameters: 65_535,
  counterShards: 8,
  containsExactly: (column, text) => sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`,
  // The subquery runs once; `= any(array)` is an index condition, so a BitmapOr can combine it.
  inSelected: (column, values) => sql<SqlBool>`${sql.ref(column)} = any(array(${values}))`,
  descNullsLast: (column) => sql`${sql.ref(column)} desc nulls last`,
  // EXCLUSIVE conflicts with the ROW EXCLUSIVE every insert, update and delete takes, not with reads.
  lockTableForWrite: (table) => sql`lock table ${sql.table(table)} in exclusive mode`,
  plainIndexes: (table) => sql<{ name: string; definition: string }>`
    select i.relname as name, replace(pg_get_indexdef(x.indexrelid), ' ON ONLY ', ' ON ') as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    where t.relname = ${table} and t.relnamespace = current_schema()::regnamespace
      and not x.indisunique and not x.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by i.relname`,
  indexBuildSettings: ['set local statement_timeout = 0', "set local maintenance_work_mem = '512MB'"],
  // Under the "C" collation lower() folds ASCII only, as SQLite's does (the default would fold É too).
  foldAsciiCase: (text) => sql<string>`lower(${text} collate "C")`,
  lastCharacters: (text, count) => sql<string>`right(${text}, ${sql.lit(count)})`,
  skipLockedRows: sql`for update of claimed skip locked`,
  rangePartitions: true,
  ordersPartitionedById: false,
  projectBesideKey: (column, projectId) => sql<SqlBool>`${sql.ref(column)} = ${projectId}`,
};

/** Postgres once `orders` is partitioned by month (order-partition-conversion.ts). */
export const partitionedPostgresCapabilities: DialectCapabilities = { ...postgresCapabilities, ordersPartitionedById: true };

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
};

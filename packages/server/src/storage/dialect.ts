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
}

export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  maxParameters: 32_766,
  containsExactly: (column, text) => sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0`,
  inSelected: (column, values) => sql<SqlBool>`${sql.ref(column)} in (${values})`,
  // SQLite sorts NULL lowest, so plain DESC already puts it last and keeps the index usable.
  descNullsLast: (column) => sql`${sql.ref(column)} desc`,
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  maxParameters: 65_535,
  containsExactly: (column, text) => sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`,
  // The subquery runs once; `= any(array)` is an index condition, so a BitmapOr can combine it.
  inSelected: (column, values) => sql<SqlBool>`${sql.ref(column)} = any(array(${values}))`,
  descNullsLast: (column) => sql`${sql.ref(column)} desc nulls last`,
};

import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * What differs between the databases, as capabilities. Queries ask the dialect instead of
 * testing which database they run on.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** `column` contains `text`, case-insensitively for Latin letters; `text` is taken literally. */
  containsText(column: string, text: string): Expression<SqlBool>;
  /** Newest first with missing values after all present ones. */
  descNullsLast(column: string): RawBuilder<unknown>;
  /**
   * The table's indexes that enforce nothing (not a primary key, not unique), each with the
   * statement that creates it again: what a bulk load into an empty table may build afterwards.
   */
  plainIndexes(table: string): RawBuilder<{ name: string; definition: string }>;
  /** Statements run before building indexes in a transaction (no timeout, more sort memory). */
  readonly indexBuildSettings: readonly string[];
}

/** Escapes LIKE wildcards so user text is matched literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  maxParameters: 32_766,
  // SQLite's LIKE already ignores case for ASCII letters, and only for them.
  containsText: (column, text) => sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(text)}%`} escape '\\'`,
  // SQLite sorts NULL lowest, so plain DESC already puts it last and keeps the index usable.
  descNullsLast: (column) => sql`${sql.ref(column)} desc`,
  plainIndexes: (table) => sql<{ name: string; definition: string }>`
    select l.name as name, m.sql as definition
    from pragma_index_list(${table}) l join sqlite_master m on m.type = 'index' and m.name = l.name
    where l."unique" = 0 and l.origin = 'c' order by l.name`,
  // (`pragma threads = 2` was measured: the same CPU time for the builds, no shorter on 2 cores.)
  indexBuildSettings: [],
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  maxParameters: 65_535,
  containsText: (column, text) => sql<SqlBool>`${sql.ref(column)} ilike ${`%${escapeLike(text)}%`} escape '\\'`,
  descNullsLast: (column) => sql`${sql.ref(column)} desc nulls last`,
  plainIndexes: (table) => sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    where t.relname = ${table} and t.relnamespace = current_schema()::regnamespace
      and not x.indisunique and not x.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by i.relname`,
  indexBuildSettings: ['set local statement_timeout = 0', "set local maintenance_work_mem = '512MB'"],
};

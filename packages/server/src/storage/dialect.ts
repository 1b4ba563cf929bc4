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
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  maxParameters: 65_535,
  containsText: (column, text) => sql<SqlBool>`${sql.ref(column)} ilike ${`%${escapeLike(text)}%`} escape '\\'`,
  descNullsLast: (column) => sql`${sql.ref(column)} desc nulls last`,
};

import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { insertedOrders, sqliteCounterWriter } from './order-counter-writes.js';
import { sqliteOrderNameIndexer, type NamedOrder } from './order-name-index.js';
import type { Database } from './schema.js';
import type { BulkInsert, InTransaction } from './storage.js';

/** Rows per multi-row INSERT: past ~50 the statement's parse and bind cost stop shrinking per row. */
const ROWS_PER_STATEMENT = 64;
/** SQLite's limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER). */
const MAX_PARAMETERS = 32_766;

interface TableStatements {
  columns: string[];
  /** Inserts `rowsPerStatement` rows at once. */
  many: SqliteDatabase.Statement;
  rowsPerStatement: number;
  /** Inserts one row: the rest of a batch that does not fill a `many`. */
  one: SqliteDatabase.Statement;
}

/**
 * SQLite: cached multi-row INSERTs (one statement call per 64 rows, its parameters in one reused
 * array), inside one transaction: all rows or none. The rows go straight to better-sqlite3 on the
 * connection Kysely's transaction holds, so `also` can add statements to the same transaction.
 * New orders' names enter the keyword index and the order counters add the batch in it too.
 */
export function sqliteBulkInsert(database: SqliteDatabase.Database, db: Kysely<Database>) {
  const cache = new Map<string, TableStatements>();
  const statementsFor = (table: string, columns: string[]): TableStatements => {
    const key = `${table}(${columns.join(',')})`;
    let entry = cache.get(key);
    if (!entry) {
      const quoted = columns.map((c) => `"${c}"`).join(', ');
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const rowsPerStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
      const insert = (rows: number) =>
        database.prepare(`insert into "${table}" (${quoted}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`);
      entry = { columns, many: insert(rowsPerStatement), rowsPerStatement, one: insert(1) };
      cache.set(key, entry);
    }
    return entry;
  };

  const indexOrderNames = sqliteOrderNameIndexer(database);
  const countOrders = sqliteCounterWriter(database);
  const insertAll = (inserts: BulkInsert[]) => {
    for (const { table, rows } of inserts) {
      if (rows.length === 0) continue;
      if (table === 'orders') indexOrderNames(rows as NamedOrder[]);
      const { columns, many, rowsPerStatement, one } = statementsFor(table, Object.keys(rows[0]!));
      const width = columns.length;
      const values: unknown[] = new Array(width * rowsPerStatement);
      let i = 0;
      for (; i + rowsPerStatement <= rows.length; i += rowsPerStatement) {
        for (let r = 0; r < rowsPerStatement; r++) {
          const row = rows[i + r] as Record<string, unknown>;
          for (let c = 0; c < width; c++) values[r * width + c] = row[columns[c]!] ?? null;
        }
        many.run(values);
      }
      const single: unknown[] = new Array(width);
      for (; i < rows.length; i++) {
        const row = rows[i] as Record<string, unknown>;
        for (let c = 0; c < width; c++) single[c] = row[columns[c]!] ?? null;
        one.run(single);
      }
    }
  };
  return (inserts: BulkInsert[], also?: InTransaction): Promise<void> =>
    db.transaction().execute(async (trx) => {
      insertAll(inserts);
      countOrders(insertedOrders(inserts));
      if (also) await also(trx);
    });
}

import { sql, type Kysely } from 'kysely';
import { indexOrderNames, type NamedOrder } from './order-name-index.js';
import { applyCounterChanges, insertedOrders } from './order-counter-writes.js';
import type { Database } from './schema.js';
import type { BulkInsert } from './storage.js';

const ROWS_PER_STATEMENT = 5_000;

type ColumnTypes = Map<string, string>;

async function readColumnTypes(db: Kysely<Database>, table: string): Promise<ColumnTypes> {
  const { rows } = await sql<{ column_name: string; udt_name: string }>`
    select column_name, udt_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Map(rows.map((r) => [r.column_name, r.udt_name]));
}

function insertStatement(table: string, columns: string[], types: ColumnTypes, rows: readonly object[]) {
  const arrays = columns.map((column) => {
    const type = types.get(column);
    if (!type || !/^[a-z0-9_]+$/.test(type)) throw new Error(`Unknown column ${table}.${column}`);
    const values = rows.map((row) => (row as Record<string, unknown>)[column] ?? null);
    return sql`${values}::${sql.raw(type)}[]`;
  });
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})`;
}

/**
 * Postgres: each column of a few thousand rows travels as one typed array and `unnest` turns the
 * arrays back into rows, so a statement has one parameter per column instead of one per value.
 * Everything runs in one transaction: all rows or none.
 */
export function postgresBulkInsert(db: Kysely<Database>) {
  const typesByTable = new Map<string, ColumnTypes>();
  return async (inserts: BulkInsert[]): Promise<void> => {
    await db.transaction().execute(async (trx) => {
      for (const { table, rows } of inserts) {
        if (rows.length === 0) continue;
        if (table === 'orders') await indexOrderNames(trx, rows as NamedOrder[]);
        let types = typesByTable.get(table);
        if (!types) {
          types = await readColumnTypes(trx, table);
          typesByTable.set(table, types);
        }
        const columns = Object.keys(rows[0]!);
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          await insertStatement(table, columns, types, rows.slice(i, i + ROWS_PER_STATEMENT)).execute(trx);
        }
      }
      // Shard 0: bulk loads write many keys once each, not one key many times.
      await applyCounterChanges(trx, insertedOrders(inserts));
    });
  };
}

import type SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { foldCase, nameGrams, nameKey } from '../domain/keyword.js';
import type { Database, OrderNameTable } from './schema.js';

/**
 * The keyword index of order names, kept in the same transaction as every write that adds
 * orders: each project's distinct names once (order_names), and each new name's 2-character
 * pieces (order_name_grams). Orders themselves are found by name through ix_orders_project_name.
 */

export interface NamedOrder {
  project_id: string;
  order_name: string;
}

type NameEntry = Insertable<OrderNameTable>;

/** The distinct (project, name) pairs of some orders, as dictionary rows. */
export function nameEntries(orders: readonly NamedOrder[]): NameEntry[] {
  const seen = new Map<string, NameEntry>();
  for (const { project_id, order_name } of orders) {
    const id = `${project_id}\u0000${order_name}`;
    if (!seen.has(id)) seen.set(id, { project_id, name_key: nameKey(order_name), order_name, folded_name: foldCase(order_name) });
  }
  return [...seen.values()];
}

function gramRows(entry: NameEntry) {
  return nameGrams(entry.folded_name).map((gram) => ({ project_id: entry.project_id, gram, name_key: entry.name_key }));
}

// Well below SQLite's 32,766 bound parameters per statement.
const NAMES_PER_STATEMENT = 1_000;
const GRAMS_PER_STATEMENT = 5_000;

/** Through Kysely, on any dialect; `trx` must be the transaction that inserts the orders. */
export async function indexOrderNames(trx: Kysely<Database>, orders: readonly NamedOrder[]): Promise<void> {
  const entries = nameEntries(orders);
  for (let i = 0; i < entries.length; i += NAMES_PER_STATEMENT) {
    const inserted = await trx
      .insertInto('order_names')
      .values(entries.slice(i, i + NAMES_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['project_id', 'name_key', 'order_name']).doNothing())
      .returning(['project_id', 'name_key', 'order_name', 'folded_name'])
      .execute();
    const grams = inserted.flatMap(gramRows);
    for (let j = 0; j < grams.length; j += GRAMS_PER_STATEMENT) {
      await trx
        .insertInto('order_name_grams')
        .values(grams.slice(j, j + GRAMS_PER_STATEMENT))
        // Names sharing a key share pieces.
        .onConflict((oc) => oc.columns(['project_id', 'gram', 'name_key']).doNothing())
        .execute();
    }
  }
}

/**
 * The same for SQLite's synchronous bulk insert, run inside its transaction. Statements are
 * prepared on first use: the tables exist only once migrations ran.
 */
export function sqliteOrderNameIndexer(database: SqliteDatabase.Database): (orders: readonly NamedOrder[]) => void {
  let statements: { name: SqliteDatabase.Statement; gram: SqliteDatabase.Statement } | undefined;
  return (orders) => {
    statements ??= {
      name: database.prepare(`insert into order_names (project_id, name_key, order_name, folded_name) values (?, ?, ?, ?)
        on conflict do nothing`),
      gram: database.prepare('insert into order_name_grams (project_id, gram, name_key) values (?, ?, ?) on conflict do nothing'),
    };
    for (const entry of nameEntries(orders)) {
      const { changes } = statements.name.run(entry.project_id, entry.name_key, entry.order_name, entry.folded_name);
      if (changes === 0) continue;
      for (const gram of gramRows(entry)) statements.gram.run(gram.project_id, gram.gram, gram.name_key);
    }
  };
}

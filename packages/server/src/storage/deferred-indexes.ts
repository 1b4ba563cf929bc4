import { sql } from 'kysely';
import { allProjects } from './distribution.js';
import type { Storage } from './storage.js';

/** The settings row that lists indexes dropped for a bulk load and not yet built again. */
const MARKER = 'deferred_indexes';
/** Tables whose plain indexes a bulk load into an empty `orders` defers. */
const DEFERRABLE_TABLES = ['orders', 'order_status_history'] as const;

interface DeferredIndex {
  name: string;
  definition: string;
}

/** `CREATE INDEX x …` as `CREATE INDEX IF NOT EXISTS x …`, so building twice is harmless. */
function ifNotExists(definition: string): string {
  return definition.replace(/^\s*create\s+index\s+(?!if\s+not\s+exists)/i, 'create index if not exists ');
}

/**
 * Drops the plain indexes of the order tables when `orders` is empty and no other load has done so;
 * the list of what was dropped is stored in the same transaction, so a load that dies before
 * building them again leaves a note that the next `migrate` acts on. True when indexes were dropped.
 */
async function dropForLoad(storage: Storage): Promise<boolean> {
  return storage.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('orders').select('order_id').limit(1).modifyEnd(allProjects('is the table empty, before a bulk load')).executeTakeFirst()) return false;
    const indexes: DeferredIndex[] = [];
    for (const table of DEFERRABLE_TABLES) indexes.push(...(await storage.dialect.plainIndexes(table).execute(trx)).rows);
    if (indexes.length === 0) return false;
    const noted = await trx
      .insertInto('settings')
      .values({ name: MARKER, value: JSON.stringify(indexes) })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    // Another load got here first: it drops them and builds them again.
    if (Number(noted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
    return true;
  });
}

/**
 * Builds every index a bulk load deferred, in one transaction with the removal of the note: all
 * of them or none. Returns how many were built (0 when nothing was deferred).
 */
export async function buildDeferredIndexes(storage: Storage): Promise<number> {
  return storage.db.transaction().execute(async (trx) => {
    const note = await trx.selectFrom('settings').select('value').where('name', '=', MARKER).executeTakeFirst();
    if (!note) return 0;
    const indexes = JSON.parse(note.value) as DeferredIndex[];
    for (const statement of storage.dialect.indexBuildSettings) await sql.raw(statement).execute(trx);
    for (const index of indexes) await sql.raw(ifNotExists(index.definition)).execute(trx);
    // Two processes building at once: only the one that removes the note reports the work.
    const removed = await trx.deleteFrom('settings').where('name', '=', MARKER).executeTakeFirst();
    return Number(removed.numDeletedRows) === 1 ? indexes.length : 0;
  });
}

/** Whether a bulk load's indexes still wait to be built (a load is running, or one died). */
export async function hasDeferredIndexes(storage: Storage): Promise<boolean> {
  return (await storage.db.selectFrom('settings').select('name').where('name', '=', MARKER).executeTakeFirst()) !== undefined;
}

/**
 * Runs a bulk load. Into an empty `orders` table the plain secondary indexes of the order tables
 * are dropped first and built once at the end: one sort per index instead of millions of B-tree
 * insertions at random places (at 1M orders that is most of a load's time). Primary keys and
 * unique indexes stay, so every batch is still checked for duplicate ids and numbers, and each
 * batch still commits on its own. Queries stay correct meanwhile, only slower. The indexes are
 * built again even when the load fails; if the process dies, the next `migrate` builds them.
 */
export async function withIndexesDeferred<T>(storage: Storage, load: () => Promise<T>): Promise<T> {
  const deferred = await dropForLoad(storage);
  try {
    return await load();
  } finally {
    if (deferred) await buildDeferredIndexes(storage);
  }
}

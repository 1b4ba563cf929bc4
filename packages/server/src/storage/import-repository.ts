import type { NewHistoryEntry, OrderWithProducts, Subscription } from '../domain/order.js';
import { allProjects } from './distribution.js';
import { orderInsertRows } from './order-write-repository.js';
import type { Storage } from './storage.js';

/** Splits a list so each `in (…)` stays below the dialect's limit of bound parameters (`--batch` has no cap). */
function inListChunks(storage: Storage, values: readonly string[]): string[][] {
  const size = storage.dialect.maxParameters - 10;
  const chunks: string[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

export interface OrderKeys {
  order_id: string;
  order_number: string;
  project_id: string;
}

/**
 * Orders already stored under any of the ids (in any project: an order id is global) or any of
 * the numbers (in the project: numbers are unique per project).
 */
export async function findOrdersByKeys(
  storage: Storage,
  projectId: string,
  orderIds: readonly string[],
  orderNumbers: readonly string[],
): Promise<OrderKeys[]> {
  const columns = ['order_id', 'order_number', 'project_id'] as const;
  const found = await Promise.all([
    ...inListChunks(storage, orderIds).map((ids) =>
      storage.db.selectFrom('orders').select(columns).where('order_id', 'in', ids)
        .modifyEnd(allProjects('an order id is unique across projects, which only this check keeps')).execute(),
    ),
    ...inListChunks(storage, orderNumbers).map((numbers) =>
      storage.db
        .selectFrom('orders')
        .select(columns)
        .where('project_id', '=', projectId)
        .where('order_number', 'in', numbers)
        .execute(),
    ),
  ]);
  return found.flat();
}

export async function findContractIds(storage: Storage, projectId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = await Promise.all(
    inListChunks(storage, ids).map((chunk) =>
      storage.db
        .selectFrom('order_subscriptions')
        .select('order_subscription_id')
        .where('project_id', '=', projectId)
        .where('order_subscription_id', 'in', chunk)
        .execute(),
    ),
  );
  return new Set(found.flat().map((row) => row.order_subscription_id));
}

/** Stores a batch of imported orders, each with its first history entry, and the contracts new to the project: all or nothing. */
export async function insertImportedOrders(
  storage: Storage,
  projectId: string,
  orders: ReadonlyArray<{ order: OrderWithProducts; entry: NewHistoryEntry }>,
  newContracts: readonly Subscription[],
): Promise<void> {
  const rows = orders.map(({ order, entry }) => orderInsertRows(order, entry));
  await storage.bulkInsert([
    { table: 'orders', rows: rows.map((r) => r.order) },
    { table: 'order_products', rows: rows.flatMap((r) => r.products) },
    { table: 'order_status_history', rows: rows.map((r) => r.history) },
  ], async (trx) => {
    // Another writer (a live order, a second import) may register the same contract meanwhile:
    // whoever comes first registers it, as registerContract does for a single order.
    const perStatement = Math.floor(storage.dialect.maxParameters / 8);
    for (let i = 0; i < newContracts.length; i += perStatement) {
      await trx
        .insertInto('order_subscriptions')
        .values(newContracts.slice(i, i + perStatement).map((contract) => ({ project_id: projectId, ...contract })))
        .onConflict((oc) => oc.columns(['project_id', 'order_subscription_id']).doNothing())
        .execute();
    }
  });
}

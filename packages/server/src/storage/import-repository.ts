import type { Storage } from './storage.js';

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
  const [byId, byNumber] = await Promise.all([
    orderIds.length === 0
      ? []
      : storage.db.selectFrom('orders').select(columns).where('order_id', 'in', orderIds).execute(),
    orderNumbers.length === 0
      ? []
      : storage.db
          .selectFrom('orders')
          .select(columns)
          .where('project_id', '=', projectId)
          .where('order_number', 'in', orderNumbers)
          .execute(),
  ]);
  return [...byId, ...byNumber];
}

export async function findContractIds(storage: Storage, projectId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await storage.db
    .selectFrom('order_subscriptions')
    .select('order_subscription_id')
    .where('project_id', '=', projectId)
    .where('order_subscription_id', 'in', ids)
    .execute();
  return new Set(rows.map((row) => row.order_subscription_id));
}

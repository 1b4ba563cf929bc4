import type { Buyer, BuyerGroup, Subscription } from '../domain/order.js';
import type { Storage } from './storage.js';

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Buyer groups, buyers and subscription contracts; rows that already exist are kept as they are. */
export async function upsertReferenceData(
  storage: Storage,
  projectId: string,
  data: { groups: BuyerGroup[]; buyers: Buyer[]; subscriptions: Subscription[] },
): Promise<void> {
  await storage.db.transaction().execute(async (trx) => {
    for (const chunk of chunks(data.groups)) {
      await trx
        .insertInto('buyer_groups')
        .values(chunk.map((g) => ({ project_id: projectId, ...g })))
        .onConflict((oc) => oc.columns(['project_id', 'user_group_id']).doNothing())
        .execute();
    }
    for (const chunk of chunks(data.buyers)) {
      await trx
        .insertInto('buyers')
        .values(chunk.map((b) => ({ project_id: projectId, ...b })))
        .onConflict((oc) => oc.columns(['project_id', 'user_id']).doNothing())
        .execute();
    }
    for (const chunk of chunks(data.subscriptions)) {
      await trx
        .insertInto('order_subscriptions')
        .values(chunk.map((s) => ({ project_id: projectId, ...s })))
        .onConflict((oc) => oc.columns(['project_id', 'order_subscription_id']).doNothing())
        .execute();
    }
  });
}

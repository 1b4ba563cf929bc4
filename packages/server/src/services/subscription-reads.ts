import { ApiError } from '../domain/errors.js';
import type { SubscriptionContract, SubscriptionContractDetail } from '../domain/subscription.js';
import type { SubscriptionListQuery } from '../domain/subscription-query.js';
import { countContracts, findContractDetail, listContracts } from '../storage/subscription-repository.js';
import type { Storage } from '../storage/storage.js';

export interface SubscriptionPage {
  count: number;
  contracts: SubscriptionContract[];
}

/** `GET /v1/order_subscriptions`: one page and the exact count of the same filter. */
export async function readSubscriptionPage(storage: Storage, projectId: string, query: SubscriptionListQuery): Promise<SubscriptionPage> {
  const [count, contracts] = await Promise.all([countContracts(storage, projectId, query), listContracts(storage, projectId, query, query)]);
  return { count, contracts };
}

/** `GET /v1/order_subscriptions/:id`. A missing contract and another project's look the same. */
export async function readSubscriptionDetail(storage: Storage, projectId: string, subscriptionId: string): Promise<SubscriptionContractDetail> {
  const contract = await findContractDetail(storage, projectId, subscriptionId);
  if (!contract) throw new ApiError('SUBSCRIPTION_NOT_FOUND');
  return contract;
}

import type { SubscriptionContractView, SubscriptionDetail } from '../contract/subscription-schemas.js';
import type { SubscriptionContract, SubscriptionContractDetail } from '../domain/subscription.js';
import { formatTimestamp } from '../domain/timestamps.js';
import { orderListItem } from './order-view.js';

/** A contract in the SDK's names (CommerceOrderSubscription). */
export function subscriptionView(contract: SubscriptionContract): SubscriptionContractView {
  return {
    order_subscription_id: contract.order_subscription_id,
    order_id: contract.first_order_id,
    user_id: contract.user_id,
    user_group_id: contract.user_group_id,
    subscription_billing_type: contract.billing_type,
    order_name: contract.name,
    status: contract.status,
    created_at: formatTimestamp(contract.created_at),
    latest_purchased_at: formatTimestamp(contract.latest_purchased_at),
    last_billing_created_at: formatTimestamp(contract.last_billing_created_at),
    billing_count: contract.billing_count,
  };
}

export function subscriptionDetailView(contract: SubscriptionContractDetail): SubscriptionDetail {
  return { ...subscriptionView(contract), orders: contract.orders.map(orderListItem) };
}

import type { RequestSender } from '../transport/request-sender.js';
import type { SubscriptionDetail, SubscriptionList, SubscriptionListParams } from './order-types.js';

/** Subscription contracts (구독 계약), read side: `commerce.orderSubscription`, as Bootpay's SDK names it. */
export class SubscriptionResource {
  constructor(private readonly sender: RequestSender) {}

  /**
   * One page of contracts matching the filters, newest first: `GET /v1/order_subscriptions`.
   * Their `order_subscription_id`s are what `order.list({ order_subscription_ids })` filters by.
   * @example await commerce.orderSubscription.list({ user_id: 'user_000123', status: [1] })
   */
  list(params: SubscriptionListParams = {}): Promise<SubscriptionList> {
    return this.sender.send<SubscriptionList>({ method: 'GET', path: 'order_subscriptions', query: { ...params } });
  }

  /**
   * One contract with its billing orders, newest first: `GET /v1/order_subscriptions/:id`.
   * Rejects with `BootpayCommerceNotFoundError` (code 3720) when it does not exist or is another project's.
   */
  detail(orderSubscriptionId: string): Promise<SubscriptionDetail> {
    return this.sender.send<SubscriptionDetail>({ method: 'GET', path: `order_subscriptions/${encodeURIComponent(orderSubscriptionId)}` });
  }
}

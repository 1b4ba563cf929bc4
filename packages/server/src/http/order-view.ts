import type { BootpayDetailFields } from '../contract/bootpay-detail-schemas.js';
import type { OrderDetail as OrderDetailView, OrderListItem } from '../contract/order-schemas.js';
import { HISTORY_ACTION_LABELS } from '../contract/constants.js';
import type { Order, OrderDetail } from '../domain/order.js';
import { orderProductId } from '../domain/cancellation.js';
import { formatTimestamp } from '../domain/timestamps.js';
import { cancellationView } from './cancellation-view.js';

/**
 * A list item: the seed's ten fields first, exactly as the seed shows them, then the rest.
 * Typed by the schema, so a field the schema lacks does not compile.
 */
export function orderListItem(order: Order): OrderListItem {
  return {
    order_id: order.order_id,
    order_name: order.order_name,
    price: order.price,
    status: order.status,
    receipt_status: order.receipt_status,
    order_number: order.order_number,
    purchased_at: formatTimestamp(order.purchased_at),
    created_at: formatTimestamp(order.created_at),
    username: order.username,
    user_email: order.user_email,
    tax_free_price: order.tax_free_price,
    order_type: order.order_type,
    user_id: order.user_id,
    user_group_id: order.user_group_id,
    order_subscription_id: order.order_subscription_id,
    subscription_billing_type: order.subscription_billing_type,
    receipt_id: order.receipt_id,
    cancelled_at: formatTimestamp(order.cancelled_at),
    updated_at: formatTimestamp(order.updated_at),
    cancelled_price: order.cancelled_price,
    remaining_price: order.price - order.cancelled_price,
  };
}

/** One order in full: buyer, payment result, products, subscription and status history. */
export function orderDetailView(order: OrderDetail): OrderDetailView {
  return {
    ...orderListItem(order),
    user_phone: order.user_phone,
    user: {
      user_id: order.user_id,
      username: order.username,
      email: order.user_email,
      phone: order.user_phone,
      user_group_id: order.user_group_id,
      name: order.username,
    },
    payment: order.payment,
    products: order.products.map((product, i) => ({ order_product_id: orderProductId(order.order_id, i + 1), ...product })),
    subscription: order.subscription && {
      ...order.subscription,
      created_at: formatTimestamp(order.subscription.created_at),
    },
    history: order.history.map((change) => ({
      ...change,
      at: formatTimestamp(change.at),
      action_label: HISTORY_ACTION_LABELS[change.action]?.ko ?? change.action,
      cancellation_request_id: change.cancellation_request_id ?? null,
    })),
    // A response stored with an idempotency key before cancellation requests existed has none.
    cancellation_requests: (order.cancellation_requests ?? []).map(cancellationView),
    ...bootpayDetailFields(order),
  };
}

/** Bootpay's documented names for what the detail already carries: the payment result and the contract. */
export function bootpayDetailFields(order: OrderDetail): BootpayDetailFields {
  const paid = order.receipt_id !== null || order.payment !== null;
  return {
    result_data: paid
      ? {
          receipt_id: order.receipt_id,
          method_name: order.payment?.method ?? null,
          card_name: order.payment?.card_name ?? null,
          card_no: order.payment?.card_no ?? null,
        }
      : null,
    order_subscriptions: order.subscription && {
      order_subscription_id: order.subscription.order_subscription_id,
      user_id: order.subscription.user_id,
      user_group_id: order.subscription.user_group_id,
      subscription_billing_type: order.subscription.billing_type,
      order_name: order.subscription.name,
      created_at: formatTimestamp(order.subscription.created_at),
    },
  };
}

import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from './order-status.js';
import type { HistoryActor } from './history-actor.js';
import type { CancellationRequest } from './cancellation.js';
import type { HistoryAction } from './order-transitions.js';

export interface OrderProduct {
  product_id: string;
  name: string;
  quantity: number;
  price: number;
}

export interface PaymentInfo {
  method: string | null;
  card_name: string | null;
  card_no: string | null;
}

/** An order as the domain sees it; times are Unix seconds. */
export interface Order {
  order_id: string;
  project_id: string;
  order_number: string;
  order_name: string;
  price: number;
  tax_free_price: number;
  status: OrderStatus;
  receipt_status: ReceiptStatus;
  order_type: OrderType;
  user_id: string | null;
  username: string | null;
  user_email: string | null;
  user_phone: string | null;
  user_group_id: string | null;
  order_subscription_id: string | null;
  subscription_billing_type: BillingType;
  receipt_id: string | null;
  payment: PaymentInfo | null;
  created_at: number;
  purchased_at: number | null;
  cancelled_at: number | null;
  updated_at: number;
  /** How much of `price` approved cancellations have refunded; all of it once the order is cancelled (status 4). */
  cancelled_price: number;
}

export interface OrderWithProducts extends Order {
  products: OrderProduct[];
}

export interface Subscription {
  order_subscription_id: string;
  user_id: string | null;
  user_group_id: string | null;
  billing_type: BillingType;
  name: string;
  created_at: number;
}

export interface Buyer {
  user_id: string;
  username: string;
  email: string | null;
  phone: string | null;
  user_group_id: string | null;
}

export interface BuyerGroup {
  user_group_id: string;
  name: string;
}

/** One entry of an order's status history, numbered from 1, with who made it (HistoryActor). */
export interface HistoryEntry extends HistoryActor {
  seq: number;
  at: number;
  action: HistoryAction;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  from_receipt_status: ReceiptStatus | null;
  to_receipt_status: ReceiptStatus;
  reason: string | null;
  /** The cancellation request this step belongs to; null for other changes. */
  cancellation_request_id: string | null;
}

/** A history entry before it is numbered. */
export type NewHistoryEntry = Omit<HistoryEntry, 'seq'>;

/** An order in full: products, the subscription contract it bills, and its history. */
export interface OrderDetail extends OrderWithProducts {
  subscription: Subscription | null;
  history: HistoryEntry[];
  cancellation_requests: CancellationRequest[];
}

/** The subscription contract an order bills, registered the first time an order names it. */
export function contractOf(order: OrderWithProducts): Subscription | null {
  if (order.order_subscription_id === null) return null;
  return {
    order_subscription_id: order.order_subscription_id,
    user_id: order.user_id,
    user_group_id: order.user_group_id,
    billing_type: order.subscription_billing_type,
    name: order.order_name,
    created_at: order.created_at,
  };
}

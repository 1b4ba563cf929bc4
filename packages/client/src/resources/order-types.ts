import type { OrderStatus, ReceiptStatus, SubscriptionBillingType } from './order-statuses.js';

/** `YYYY-MM-DD`, a calendar day in the server's time zone (Asia/Seoul by default). */
export type DateString = string;
/** `YYYY-MM-DDTHH:MM:SSZ`, UTC. */
export type Timestamp = string;

export type OrderType = 'link' | 'direct' | 'subscription';

/** Filters of `GET /v1/orders`. All optional; filters combine with AND, values inside one array with OR. */
export interface OrderListParams {
  /** Buyer id, exact. */
  user_id?: string;
  /** Buyer group id, exact. */
  user_group_id?: string;
  /** Subscription contract ids (구독 계약 번호); any of them. */
  order_subscription_ids?: readonly string[];
  subscription_billing_type?: SubscriptionBillingType;
  /** Matches order_id, order_number, receipt_id (prefix) and order_name (substring). */
  keyword?: string;
  /** Which date `css_at`/`cse_at` apply to: `c_at` created (default) or `p_at` purchased. */
  cs_type?: 'c_at' | 'p_at';
  /** First day, inclusive. */
  css_at?: DateString;
  /** Last day, inclusive. */
  cse_at?: DateString;
  /** Alias of `css_at` (the name Bootpay's SDK also accepts). */
  search_date_from?: DateString;
  /** Alias of `cse_at`. */
  search_date_to?: DateString;
  /** Order statuses (see `ORDER_STATUS`); any of them. */
  status?: readonly OrderStatus[];
  /** Payment statuses (see `RECEIPT_STATUS`); any of them. */
  payment_status?: readonly ReceiptStatus[];
  /** 1-based, default 1. Not with `cursor`. */
  page?: number;
  /** Default 20; the server clamps values above 50. */
  limit?: number;
  /**
   * jumun extension: a `next_cursor` of an earlier answer to the same filters; the page after that
   * one, at the same cost however deep. Not with `page`.
   */
  cursor?: string;
}

export interface OrderProduct {
  product_id: string;
  name: string;
  quantity: number;
  price: number;
}

/**
 * One order as the list returns it. The first ten fields are the ones Bootpay documents;
 * a jumun server sends the rest as well.
 */
export interface OrderListItem {
  /** 24 hex characters; the first 8 are the creation time in Unix seconds. */
  order_id: string;
  order_name: string;
  /** KRW. */
  price: number;
  status: OrderStatus;
  receipt_status: ReceiptStatus;
  /** 20 digits: `YYMMDD` of creation and 14 random digits. */
  order_number: string;
  purchased_at: Timestamp | null;
  created_at: Timestamp;
  username: string | null;
  user_email: string | null;
  tax_free_price: number;
  order_type: OrderType;
  user_id: string | null;
  user_group_id: string | null;
  /** The subscription contract (구독 계약 번호) this order bills. */
  order_subscription_id: string | null;
  subscription_billing_type: SubscriptionBillingType;
  /** The payment gateway's receipt id, set once paid. */
  receipt_id: string | null;
  cancelled_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface OrderBuyer {
  user_id: string | null;
  username: string | null;
  email: string | null;
  phone: string | null;
  user_group_id: string | null;
}

export interface OrderPayment {
  method: string | null;
  card_name: string | null;
  /** Masked card number. */
  card_no: string | null;
}

export interface OrderSubscription {
  order_subscription_id: string;
  user_id: string | null;
  user_group_id: string | null;
  billing_type: SubscriptionBillingType;
  name: string;
  created_at: Timestamp;
}

/** One recorded status change of an order. */
export interface OrderStatusChange {
  seq: number;
  at: Timestamp;
  action: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  from_receipt_status: ReceiptStatus | null;
  to_receipt_status: ReceiptStatus;
  actor: string | null;
  reason: string | null;
}

/** One order in full, from `GET /v1/orders/:order_id`. */
export interface OrderDetail extends OrderListItem {
  user_phone: string | null;
  user: OrderBuyer;
  /** `null` before payment. */
  payment: OrderPayment | null;
  products: OrderProduct[];
  subscription: OrderSubscription | null;
  /** Every status change, oldest first. */
  history: OrderStatusChange[];
}

/** A page of orders: `count` is every match of the filters, `list` this page. */
export interface OrderList {
  count: number;
  list: OrderListItem[];
  /**
   * jumun extension of `order.list`: pass it as `cursor` (same filters) for the next page; null on
   * the last page. Absent from Bootpay's answers and from `order.month`.
   */
  next_cursor?: string | null;
}

/** Answer of `POST /v1/request/token`. */
export interface AccessToken {
  access_token: string;
  expired_at: Timestamp;
}

/** The buyer of a new order; every field may be left out or `null`. */
export interface CreateOrderUser {
  user_id?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  user_group_id?: string | null;
}

/**
 * Body of `POST /v1/orders`. The server refuses unknown fields and never converts values
 * (`"33000"` is not a price).
 */
export interface CreateOrderParams {
  /** 1–200 characters. */
  order_name: string;
  /** Integer KRW, 0 to 1,000,000,000,000. */
  price: number;
  /** Integer, at most `price`; default 0. */
  tax_free_price?: number;
  order_type: OrderType;
  user: CreateOrderUser;
  /** 1–100 items whose `quantity × price` add up to `price` exactly. */
  products?: OrderProduct[] | null;
  /** Required for `subscription` orders, not allowed for others. */
  order_subscription_id?: string | null;
  /** `subscription` orders: 1 (default) or 2 (needs `user.user_group_id`); others: 0 or absent. */
  subscription_billing_type?: SubscriptionBillingType;
}

/** Body of `POST /v1/orders/:order_id/payment/complete`. */
export interface CompletePaymentParams {
  /** The payment gateway's receipt id, 1–128 characters. */
  receipt_id: string;
  method?: string | null;
  card_name?: string | null;
  /** Masked card number. */
  card_no?: string | null;
  /** ISO-8601 with a zone; default now. Not before the order's `created_at`, not in the future. */
  purchased_at?: Timestamp | null;
}

/** Body of `payment/fail`, `cancel/request` and `cancel`: why, 1–500 characters (kept in the history). */
export interface ReasonParams {
  reason: string;
}

/** Body of `cancel/reject`: the answer to the buyer, 1–500 characters (kept in the history). */
export interface RejectCancelParams {
  message: string;
}

/** Options of every write. */
export interface WriteOptions {
  /**
   * Sent as `Idempotency-Key` (1–255 visible ASCII characters). Default: a new random UUID per
   * call. Pass your own to make a repeat of the same call after a crash return the first answer.
   */
  idempotency_key?: string;
}

import type { Generated, Insertable, Selectable } from 'kysely';
import type { ActorType, AuditAction, ChangeChannel, OperatorRole } from '../contract/constants.js';
import type { KeyScope } from '../domain/credentials.js';
import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from '../domain/order-status.js';
import type { HistoryAction } from '../domain/order-transitions.js';
import type { WebhookEventType } from '../contract/constants.js';
import type { BootpayRole, CancellationStatus } from '../domain/cancellation.js';

/**
 * Times are Unix seconds (BIGINT on Postgres, INTEGER on SQLite). Status, type and action columns
 * carry the domain's literal types: the database holds only values the domain wrote.
 */
export interface ProjectTable {
  project_id: string;
  name: string;
  created_at: number;
}

export interface ApiKeyTable {
  client_key: string;
  project_id: string;
  /** HMAC-SHA256 of the secret under the server's hash key, hex. */
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
  /** What the key may do: `write` (everything) or `read` (no writes). */
  scope: KeyScope;
}

export interface SettingTable {
  name: string;
  value: string;
}

export interface BuyerGroupTable {
  project_id: string;
  user_group_id: string;
  name: string;
}

export interface BuyerTable {
  project_id: string;
  user_id: string;
  username: string;
  email: string | null;
  phone: string | null;
  user_group_id: string | null;
}

export interface SubscriptionTable {
  project_id: string;
  order_subscription_id: string;
  user_id: string | null;
  user_group_id: string | null;
  billing_type: BillingType;
  name: string;
  created_at: number;
}

/** Buyer fields are a snapshot taken when the order was placed, as on a receipt. */
export interface OrderTable {
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
  /** JSON of PaymentInfo. */
  payment: string | null;
  created_at: number;
  purchased_at: number | null;
  cancelled_at: number | null;
  updated_at: number;
  /** How much of `price` has been refunded (migration 0010); `price` itself never changes. */
  cancelled_price: number;
}

export interface OrderProductTable {
  /** Migration 0017: the order's project (the distribution key). */
  project_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  name: string;
  quantity: number;
  price: number;
}

export interface OrderStatusHistoryTable {
  order_id: string;
  seq: number;
  project_id: string;
  at: number;
  action: HistoryAction;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  from_receipt_status: ReceiptStatus | null;
  to_receipt_status: ReceiptStatus;
  actor: string | null;
  reason: string | null;
  /** Migration 0013: who and through what; null on entries written before it. */
  actor_type: ActorType | null;
  actor_id: string | null;
  actor_name: string | null;
  channel: ChangeChannel | null;
  /** The cancellation request a cancellation step belongs to (migration 0010). */
  cancellation_request_id: string | null;
}

/** The distinct order names of a project, for keyword search (migration 0006). */
export interface OrderNameTable {
  project_id: string;
  /** nameKey(order_name): what the name's grams refer to; not unique. */
  name_key: number;
  order_name: string;
  /** order_name with A–Z lower-cased, what a keyword is looked for in. */
  folded_name: string;
}

/** One 2-character piece of a folded order name (domain/keyword.ts nameGrams). */
export interface OrderNameGramTable {
  project_id: string;
  gram: string;
  name_key: number;
}

/** A write's idempotency key and the response it was first answered with (null while running). */
export interface IdempotencyKeyTable {
  project_id: string;
  idempotency_key: string;
  /** SHA-256 of method, path and canonical body. */
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
}

/** Maintained counts and amounts of orders; see domain/order-counters.ts. */
export interface OrderCounterTable {
  project_id: string;
  date_field: string;
  /** Local days since 1970-01-01 in the zone named by the settings row order_counters.time_zone. */
  day: number;
  status: number;
  receipt_status: number;
  order_type: string;
  billing_type: number;
  /** Live writes spread a key over a few rows; a key's counts are the sum of its rows. */
  shard: Generated<number>;
  orders: number;
  amount: number;
  /** The sum of the orders' `cancelled_price` (migration 0010). */
  cancelled_amount: Generated<number>;
}

/** A Bootpay cancellation request (migration 0010); see domain/cancellation.ts. */
export interface OrderCancellationRequestTable {
  order_cancellation_request_id: string;
  project_id: string;
  order_id: string;
  seq: number;
  status: CancellationStatus;
  cancel_reason: string | null;
  cancel_type: number | null;
  requested_price: number;
  refund_price: number | null;
  /** JSON of CancelProductLine[]. */
  cancel_products: string;
  requested_role: BootpayRole;
  requested_at: number;
  requested_by: string | null;
  processed_at: number | null;
  processed_by: string | null;
  processed_message: string | null;
}

/** A `jumun serve` process sharing the database (migration 0016); times in milliseconds. */
export interface ServerProcessTable {
  process_id: string;
  host: string;
  pid: number;
  started_at_ms: number;
  seen_at_ms: number;
  expires_at_ms: number;
}

/** A staff member of one project (migration 0013). */
export interface OperatorTable {
  operator_id: string;
  project_id: string;
  /** Lower-cased, unique across the installation. */
  email: string;
  name: string;
  role: OperatorRole;
  /** domain/passwords.ts; null until the set-password link is used (and again after a reset). */
  password_hash: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
}

export interface OperatorSessionTable {
  /** SHA-256 of the cookie's token, hex. */
  session_hash: string;
  operator_id: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute end, whatever the activity. */
  expires_at: number;
  revoked_at: number | null;
}

export interface OperatorPasswordLinkTable {
  /** SHA-256 of the link's token, hex. */
  token_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditLogTable {
  audit_id: string;
  /** NO_PROJECT ('') for a failed sign-in with an address no account has (NULL before migration 0017). */
  project_id: string;
  at: number;
  action: AuditAction;
  actor_type: ActorType;
  actor_id: string | null;
  actor_name: string | null;
  target_operator_id: string | null;
  ip: string | null;
  /** JSON: what changed (a role, an e-mail tried); never a password or a token. */
  detail: string | null;
}

/** An operator's named filters (migration 0014). */
export interface SavedViewTable {
  view_id: string;
  project_id: string;
  owner_operator_id: string;
  name: string;
  /** The filters as a list's query string (`status=3&cs_type=p_at`), as the console's URL carries them. */
  query: string;
  /** 1: every operator of the project sees it (an admin shared it). */
  shared: number;
  created_at: number;
}

/** A merchant's webhook endpoint (migration 0012); see docs/webhooks.md. */
export interface WebhookEndpointTable {
  webhook_id: string;
  project_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types; null: every event. */
  events: string | null;
  status: 'active' | 'disabled';
  /** `manual` (disabled by hand) or `failing` (deliveries kept failing). */
  disabled_reason: 'manual' | 'failing' | null;
  disabled_at: number | null;
  secret_sealed: string;
  secret_created_at: number;
  /** Unix ms of the first failed attempt since the last success; null while deliveries succeed. */
  failing_since_ms: number | null;
  created_at: number;
}

export interface WebhookEventTable {
  event_id: string;
  project_id: string;
  type: WebhookEventType;
  order_id: string | null;
  order_seq: number | null;
  payload: string;
  created_ms: number;
}

export interface WebhookDeliveryTable {
  delivery_id: string;
  event_id: string;
  webhook_id: string;
  project_id: string;
  order_id: string | null;
  order_seq: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_ms: number;
  lease_until_ms: number | null;
  created_ms: number;
  retry_from_ms: number;
  finished_ms: number | null;
}

export interface WebhookAttemptTable {
  /** Migration 0017: the delivery's project (the distribution key). */
  project_id: string;
  delivery_id: string;
  attempt: number;
  started_ms: number;
  duration_ms: number;
  http_status: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export interface Database {
  projects: ProjectTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  buyer_groups: BuyerGroupTable;
  buyers: BuyerTable;
  order_subscriptions: SubscriptionTable;
  orders: OrderTable;
  order_products: OrderProductTable;
  order_status_history: OrderStatusHistoryTable;
  idempotency_keys: IdempotencyKeyTable;
  order_names: OrderNameTable;
  order_name_grams: OrderNameGramTable;
  order_counters: OrderCounterTable;
  server_processes: ServerProcessTable;
  operators: OperatorTable;
  operator_sessions: OperatorSessionTable;
  operator_password_links: OperatorPasswordLinkTable;
  audit_log: AuditLogTable;
  saved_views: SavedViewTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  order_cancellation_requests: OrderCancellationRequestTable;
}

export type OrderRow = Selectable<OrderTable>;
export type NewOrderRow = Insertable<OrderTable>;

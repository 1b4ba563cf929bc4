/**
 * The API's request and response shapes, generated from the server's schemas into
 * ../generated/api-types.ts (`npm run generate`); a server test fails when they disagree.
 */
export type {
  AccessToken,
  CompletePaymentParams,
  CreateOrderParams,
  CreateOrderUser,
  ErrorEnvelope,
  OrderBuyer,
  OrderDetail,
  OrderFilterParams,
  OrderList,
  OrderListItem,
  OrderListParams,
  OrderMonthParams,
  OrderPayment,
  OrderProduct,
  OrderStatusChange,
  OrderSubscription,
  OrderSummary,
  ReasonParams,
  RejectCancelParams,
  SubscriptionContract,
  SubscriptionDetail,
  SubscriptionList,
  SubscriptionListParams,
} from '../generated/api-types.js';
export type { OrderType } from '../generated/contract-constants.js';

/** `YYYY-MM-DD`, a calendar day in the server's time zone (Asia/Seoul by default). */
export type DateString = string;
/** `YYYY-MM-DDTHH:MM:SSZ`, UTC. */
export type Timestamp = string;

/** Options of every write. */
export interface WriteOptions {
  /**
   * Sent as `Idempotency-Key` (1–255 visible ASCII characters). Default: a new random UUID per
   * call. Pass your own to make a repeat of the same call after a crash return the first answer.
   */
  idempotency_key?: string;
}

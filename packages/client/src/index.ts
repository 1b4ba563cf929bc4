export { BootpayCommerce } from './bootpay-commerce.js';
export type { RawRequestOptions } from './bootpay-commerce.js';
export { API_BASE_URLS, DEFAULT_TIMEOUT_MS } from './config.js';
export type { BootpayCommerceOptions, Mode } from './config.js';
export {
  BootpayCommerceError,
  BootpayCommerceInvalidRequestError,
  BootpayCommerceAuthError,
  BootpayCommercePermissionError,
  BootpayCommerceNotFoundError,
  BootpayCommerceConflictError,
  BootpayCommerceRateLimitError,
  BootpayCommerceApiError,
  BootpayCommerceConnectionError,
  BootpayCommerceTimeoutError,
  CONFLICT_CODE,
} from './errors.js';
export type { BootpayCommerceErrorDetails, InvalidStateChangeData } from './errors.js';
export { AutoPager, TO_ARRAY_MAX_LIMIT } from './pagination.js';
export type { Page } from './pagination.js';
export { OrderResource, MAX_ORDERS_PER_PAGE } from './resources/order-resource.js';
export { SubscriptionResource } from './resources/subscription-resource.js';
export { WebhookResource } from './resources/webhook-resource.js';
export type {
  CreateWebhookParams,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookEventType,
  WebhookTestResult,
} from './generated/api-types.js';
export {
  BILLING_TYPE_LABELS,
  ORDER_STATUS,
  ORDER_STATUS_LABELS,
  ORDER_TYPE_LABELS,
  ORDER_TYPES,
  RECEIPT_STATUS,
  RECEIPT_STATUS_LABELS,
  SUBSCRIPTION_BILLING_TYPE,
} from './resources/order-statuses.js';
export type { OrderStatus, ReceiptStatus, SubscriptionBillingType, StatusLabel } from './resources/order-statuses.js';
export { DEFAULT_LIMIT, ERRORS, LIST_PARAMETERS, MAX_LIMIT, MONTH_PARAMETERS } from './generated/contract-constants.js';
export { SUBSCRIPTION_LIST_PARAMETERS, SUBSCRIPTION_STATUS, SUBSCRIPTION_STATUS_LABELS } from './generated/contract-constants.js';
export type { ErrorCode, ErrorName, ListParameterName, ParameterSpec, SubscriptionStatus } from './generated/contract-constants.js';
export type {
  AccessToken,
  CompletePaymentParams,
  CreateOrderParams,
  CreateOrderUser,
  DateString,
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
  OrderType,
  ReasonParams,
  RejectCancelParams,
  SubscriptionContract,
  SubscriptionDetail,
  SubscriptionList,
  SubscriptionListParams,
  Timestamp,
  WriteOptions,
} from './resources/order-types.js';
export { generateIdempotencyKey } from './transport/idempotency-key.js';
export type { HttpMethod } from './transport/request-sender.js';
export { VERSION } from './version.js';

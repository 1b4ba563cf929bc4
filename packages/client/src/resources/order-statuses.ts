/**
 * Statuses, order types, billing types and their Korean/English labels: the server's own
 * definitions, copied into ../generated/ by `npm run generate` (a server test keeps them equal).
 */
export {
  BILLING_TYPE_LABELS,
  ORDER_STATUS,
  ORDER_STATUS_LABELS,
  ORDER_TYPE_LABELS,
  ORDER_TYPES,
  RECEIPT_STATUS,
  RECEIPT_STATUS_LABELS,
  SUBSCRIPTION_BILLING_TYPE,
  type OrderStatus,
  type OrderType,
  type ReceiptStatus,
  type StatusLabel,
  type SubscriptionBillingType,
} from '../generated/contract-constants.js';

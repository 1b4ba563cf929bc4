/** Statuses, order types and billing types: defined once, in the contract shared with the client and console. */
export {
  BILLING_TYPES,
  ORDER_STATUS,
  ORDER_STATUS_LABELS,
  ORDER_STATUS_VALUES,
  ORDER_TYPES,
  RECEIPT_STATUS,
  RECEIPT_STATUS_LABELS,
  RECEIPT_STATUS_VALUES,
  type OrderStatus,
  type OrderType,
  type ReceiptStatus,
  type SubscriptionBillingType as BillingType,
} from '../contract/constants.js';

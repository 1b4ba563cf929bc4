import { RECEIPT_STATUS_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../contract/constants.js';
import type { HistoryAction } from './order-transitions.js';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

/**
 * The event each recorded change of an order sends. Imports load history, not changes happening
 * now, so they send none (docs/webhooks.md).
 */
const EVENT_OF_ACTION: Record<HistoryAction, WebhookEventType | null> = {
  create: 'order.created',
  'payment.start': 'order.payment_started',
  'payment.complete': 'order.paid',
  'payment.fail': 'order.payment_failed',
  'cancel.request': 'order.cancellation_requested',
  'cancel.approve': 'order.cancellation_approved',
  'cancel.reject': 'order.cancellation_rejected',
  cancel: 'order.cancelled',
  'cancel.withdraw': 'order.cancellation_withdrawn',
  'cancel.approve.partial': 'order.cancellation_partially_approved',
  'cancel.partial': 'order.partially_cancelled',
  import: null,
};

export function eventTypeOfAction(action: HistoryAction): WebhookEventType | null {
  return EVENT_OF_ACTION[action] ?? null;
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The fields of Bootpay's payment webhook that an order carries (docs/webhooks.md cites them). */
export interface BootpayPaymentFields {
  receipt_id: string | null;
  order_id: string;
  price: number;
  tax_free: number;
  order_name: string;
  method: string | null;
  status: number;
  status_locale: string;
}

export function bootpayPaymentFields(order: {
  receipt_id: string | null;
  order_id: string;
  price: number;
  tax_free_price: number;
  order_name: string;
  receipt_status: keyof typeof RECEIPT_STATUS_LABELS;
  payment: { method: string | null } | null;
}): BootpayPaymentFields {
  return {
    receipt_id: order.receipt_id,
    order_id: order.order_id,
    price: order.price,
    tax_free: order.tax_free_price,
    order_name: order.order_name,
    method: order.payment?.method ?? null,
    status: order.receipt_status,
    status_locale: RECEIPT_STATUS_LABELS[order.receipt_status].ko,
  };
}

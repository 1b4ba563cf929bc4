import { h } from '../dom.js';
import { ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from '../labels.js';

export function statusBadge(status: number): HTMLElement {
  return h('span', { class: `badge status-${status}` }, ORDER_STATUS_LABELS[status] ?? String(status));
}

export function paymentBadge(receiptStatus: number): HTMLElement {
  return h('span', { class: `badge payment-${receiptStatus}` }, PAYMENT_STATUS_LABELS[receiptStatus] ?? String(receiptStatus));
}

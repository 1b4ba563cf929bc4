import { integerField, objectAt, textField, timestampField, type Fields } from './body-fields.js';
import { ORDER_LIMITS } from './new-order.js';
import { invalidField } from './errors.js';
import type { Order, PaymentInfo } from './order.js';
import { formatTimestamp } from './timestamps.js';
import type { StatusAction } from './order-transitions.js';

export const REASON_LENGTH = 500;
export const PAYMENT_TEXT_LENGTH = 64;
export const RECEIPT_ID_LENGTH = 128;
/** How far a payment time may lie ahead of the server's clock (clocks differ a little). */
const CLOCK_SKEW_SECONDS = 300;

/** The body fields each action takes; the route schemas are built from this table. */
export const ACTION_FIELDS: Record<StatusAction, { required: readonly string[]; optional: readonly string[] }> = {
  'payment.start': { required: [], optional: [] },
  'payment.complete': { required: ['receipt_id'], optional: ['method', 'card_name', 'card_no', 'purchased_at'] },
  'payment.fail': { required: ['reason'], optional: [] },
  'cancel.request': { required: ['reason'], optional: ['refund_price'] },
  'cancel.approve': { required: [], optional: ['refund_price'] },
  'cancel.reject': { required: ['message'], optional: [] },
  cancel: { required: ['reason'], optional: ['refund_price'] },
};

export interface ActionInput {
  /** Recorded in the history entry: the reason, or the rejection message. */
  reason: string | null;
  /** Cancellations: how much to refund (absent: all that is left, or what the request asked). */
  refund_price?: number;
  payment?: { receipt_id: string; payment: PaymentInfo | null; purchased_at: number | null };
}

/** Validates an action's body (absent, null and `{}` all mean "no fields"). */
export function parseActionInput(action: StatusAction, body: unknown): ActionInput {
  const spec = ACTION_FIELDS[action];
  const fields: Fields = body === null || body === undefined ? {} : objectAt(body, '', [...spec.required, ...spec.optional]);
  if (action === 'payment.complete') {
    const text = (name: string) => textField(fields, name, '', { max: PAYMENT_TEXT_LENGTH }) ?? null;
    const payment = { method: text('method'), card_name: text('card_name'), card_no: text('card_no') };
    return {
      reason: null,
      payment: {
        receipt_id: textField(fields, 'receipt_id', '', { max: RECEIPT_ID_LENGTH, required: true }),
        payment: Object.values(payment).some((v) => v !== null) ? payment : null,
        purchased_at: timestampField(fields, 'purchased_at', '') ?? null,
      },
    };
  }
  const reasonField = spec.required[0];
  const reason = reasonField === undefined ? null : textField(fields, reasonField, '', { max: REASON_LENGTH, required: true });
  if (!spec.optional.includes('refund_price')) return { reason };
  return { reason, refund_price: integerField(fields, 'refund_price', '', { min: 0, max: ORDER_LIMITS.maxPrice }) };
}

export type OrderChanges = Partial<Pick<Order, 'receipt_id' | 'payment' | 'purchased_at' | 'cancelled_at' | 'cancelled_price'>>;

/** What the action writes besides the statuses, given the order and the time of the change. */
export function actionChanges(action: StatusAction, input: ActionInput, order: { created_at: number }, now: number): OrderChanges {
  if (action === 'payment.complete' && input.payment) {
    const purchasedAt = input.payment.purchased_at ?? now;
    if (purchasedAt < order.created_at || purchasedAt > now + CLOCK_SKEW_SECONDS) {
      throw invalidField('purchased_at', formatTimestamp(purchasedAt), `주문 생성 시각(${formatTimestamp(order.created_at)}) 이후이고 지금보다 늦지 않은 시각`);
    }
    return { receipt_id: input.payment.receipt_id, payment: input.payment.payment, purchased_at: purchasedAt };
  }
  if (action === 'cancel.approve' || action === 'cancel') return { cancelled_at: now };
  return {};
}

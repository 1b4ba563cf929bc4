/**
 * The status history of a demo order, as the write path would have recorded it: created, a
 * payment started, failed or completed, a cancellation requested, approved or made at once. Drawn
 * from the order's own seed (its id), so it is the same every time and the order stream stays as
 * it was; the order's times (purchased_at, cancelled_at) are the history's.
 */
import { DEMO_ACTOR } from '../domain/history-actor.js';
import type { NewHistoryEntry, OrderWithProducts } from '../domain/order.js';
import { ORDER_STATUS, RECEIPT_STATUS, type OrderStatus, type ReceiptStatus } from '../domain/order-status.js';
import type { HistoryAction } from '../domain/order-transitions.js';
import { SeededRandom } from './random.js';

export const PAYMENT_FAILURE_REASONS = ['카드 한도 초과', '잔액 부족', '결제 인증 실패', '사용자 결제 취소', 'PG 응답 시간 초과'] as const;
export const CANCELLATION_REASONS = ['단순 변심', '배송 지연', '상품 불량', '주문 실수', '다른 상품으로 재주문'] as const;
export const DIRECT_CANCEL_REASONS = ['재고 부족', '판매자 사정으로 취소', '중복 결제'] as const;

/** Unpaid orders older than this had a payment attempt that failed, this often. */
const UNPAID_FAILED_SHARE = 0.4;
/** Paid orders whose first attempt failed before one went through. */
const PAID_AFTER_FAILURE_SHARE = 0.05;
/** Cancelled orders that went through a request (the rest were cancelled by the merchant at once). */
const CANCELLED_BY_REQUEST_SHARE = 0.6;

type Entry = NewHistoryEntry;

/** The order id's last 8 hex digits are random already: a seed of its own, cheap to read. */
function orderRandom(order: OrderWithProducts): SeededRandom {
  return new SeededRandom(Number.parseInt(order.order_id.slice(-8), 16) ^ 0x5bd1e995);
}

/** The entries of one order, in time order (numbered from 1 by their position). */
export function demoHistory(order: OrderWithProducts, now: number): Entry[] {
  const random = orderRandom(order);
  const entries: Entry[] = [];
  let status: OrderStatus = ORDER_STATUS.CREATED;
  let receipt: ReceiptStatus = RECEIPT_STATUS.UNPAID;
  const record = (at: number, action: HistoryAction, to: OrderStatus, toReceipt: ReceiptStatus, reason: string | null = null) => {
    entries.push({
      at: Math.min(now, at), action, from_status: entries.length === 0 ? null : status, to_status: to,
      from_receipt_status: entries.length === 0 ? null : receipt, to_receipt_status: toReceipt, ...DEMO_ACTOR, reason, cancellation_request_id: null,
    });
    status = to;
    receipt = toReceipt;
  };
  const paid = order.purchased_at !== null;
  let at = order.created_at;
  record(at, 'create', ORDER_STATUS.CREATED, RECEIPT_STATUS.UNPAID);
  if (order.status === ORDER_STATUS.CREATED && !random.chance(UNPAID_FAILED_SHARE)) return entries;

  // A payment starts shortly after the order; one that failed first was tried again if it got paid.
  const attemptEnd = paid ? order.purchased_at! : order.created_at + 1_800;
  at = Math.min(attemptEnd, at + random.int(3, 60));
  record(at, 'payment.start', ORDER_STATUS.PAYMENT_IN_PROGRESS, RECEIPT_STATUS.UNPAID);
  if (order.status === ORDER_STATUS.PAYMENT_IN_PROGRESS) return entries;
  if (!paid || random.chance(PAID_AFTER_FAILURE_SHARE)) {
    at = Math.min(attemptEnd, at + random.int(5, 120));
    record(at, 'payment.fail', ORDER_STATUS.CREATED, RECEIPT_STATUS.UNPAID, random.pick(PAYMENT_FAILURE_REASONS));
    if (!paid) return entries;
    at = Math.min(attemptEnd, at + random.int(1, Math.max(1, attemptEnd - at)));
    record(at, 'payment.start', ORDER_STATUS.PAYMENT_IN_PROGRESS, RECEIPT_STATUS.UNPAID);
  }
  record(order.purchased_at!, 'payment.complete', ORDER_STATUS.PAID, RECEIPT_STATUS.PAID);

  if (order.status === ORDER_STATUS.CANCELLATION_REQUESTED) {
    const requestedAt = order.purchased_at! + random.int(600, 5 * 86_400);
    record(Math.min(now, requestedAt), 'cancel.request', ORDER_STATUS.CANCELLATION_REQUESTED, RECEIPT_STATUS.PAID, random.pick(CANCELLATION_REASONS));
  } else if (order.status === ORDER_STATUS.CANCELLED) {
    const cancelledAt = order.cancelled_at!;
    if (random.chance(CANCELLED_BY_REQUEST_SHARE)) {
      const requestedAt = order.purchased_at! + Math.floor((cancelledAt - order.purchased_at!) * random.next() * 0.8);
      record(requestedAt, 'cancel.request', ORDER_STATUS.CANCELLATION_REQUESTED, RECEIPT_STATUS.PAID, random.pick(CANCELLATION_REASONS));
      record(cancelledAt, 'cancel.approve', ORDER_STATUS.CANCELLED, RECEIPT_STATUS.PAYMENT_CANCELLED);
    } else {
      record(cancelledAt, 'cancel', ORDER_STATUS.CANCELLED, RECEIPT_STATUS.PAYMENT_CANCELLED, random.pick(DIRECT_CANCEL_REASONS));
    }
  }
  return entries;
}

/** Created and nothing else, or created and paid at the first try: the stories with nothing to tell. */
function isPlain(history: readonly Entry[]): boolean {
  const actions = history.map((entry) => entry.action).join(' ');
  return actions === 'create' || actions === 'create payment.start payment.complete';
}

/**
 * History rows for the database, numbered per order: the orders that were cancelled, asked to be,
 * failed a payment or are paying now. Plain orders (about 70 %) are stored without one, as orders
 * from before jumun are, which keeps the first start's load about as fast as it was.
 */
export function demoHistoryRows(orders: readonly OrderWithProducts[], now: number) {
  return orders.flatMap((order) => {
    const history = demoHistory(order, now);
    if (isPlain(history)) return [];
    return history.map((entry, index) => ({ ...entry, order_id: order.order_id, project_id: order.project_id, seq: index + 1 }));
  });
}

import { createHash } from 'node:crypto';
import { choiceField, integerField, objectAt, textField, timestampField, type Fields } from './body-fields.js';
import { invalidField } from './errors.js';
import { canonicalJson } from './idempotency.js';
import { buildOrder, NEW_ORDER_FIELDS, readNewOrder } from './new-order.js';
import type { OrderWithProducts, PaymentInfo } from './order.js';
import { newOrderId, newOrderNumber, orderIdCreatedAt } from './order-ids.js';
import { ORDER_STATUS_VALUES, RECEIPT_STATUS, type OrderStatus, type ReceiptStatus } from './order-status.js';
import { PAYMENT_TEXT_LENGTH, RECEIPT_ID_LENGTH } from './status-action-input.js';
import { formatTimestamp } from './timestamps.js';

export const IMPORT_FIELDS = [
  ...NEW_ORDER_FIELDS,
  'order_id', 'order_number', 'created_at', 'status', 'receipt_status', 'purchased_at', 'cancelled_at', 'receipt_id', 'payment',
  'cancelled_price',
] as const;

/** The only receipt status each order status can have: the one the status actions leave it with. */
const RECEIPT_FOR_STATUS: Record<OrderStatus, ReceiptStatus> = {
  0: RECEIPT_STATUS.UNPAID,
  1: RECEIPT_STATUS.UNPAID,
  2: RECEIPT_STATUS.PAID,
  3: RECEIPT_STATUS.PAID,
  4: RECEIPT_STATUS.PAYMENT_CANCELLED,
};

const CLOCK_SKEW_SECONDS = 300;

export interface ImportContext {
  projectId: string;
  timeZone: string;
  now: number;
}

/** A valid record, ready to insert, with the keys it is known by. */
export interface ImportedOrder {
  order: OrderWithProducts;
  /** Keys the record itself gave (or, when it gave none, the key derived from its content). */
  givenOrderId: boolean;
  givenOrderNumber: boolean;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 14 decimal digits from a hex digest: the random part of an order number, made repeatable. */
function digitsOf(hex: string): string {
  return (BigInt(`0x${hex.slice(0, 15)}`) % 10n ** 14n).toString().padStart(14, '0');
}

function readPayment(fields: Fields): PaymentInfo | null {
  const value = fields.payment;
  if (value === undefined || value === null) return null;
  const payment = objectAt(value, 'payment', ['method', 'card_name', 'card_no']);
  const text = (name: string) => textField(payment, name, 'payment', { max: PAYMENT_TEXT_LENGTH }) ?? null;
  return { method: text('method'), card_name: text('card_name'), card_no: text('card_no') };
}

function requireOrder(name: string, value: number, after: string, earliest: number): void {
  if (value < earliest) throw invalidField(name, formatTimestamp(value), `${after}(${formatTimestamp(earliest)}) 이후의 시각`);
}

/**
 * Validates one import record: the create body plus history fields, kept as given when valid.
 * Records are keyed by order_id or order_number so that importing a file twice adds nothing; a
 * record with neither gets both derived from a hash of its content (and so needs created_at).
 */
export function parseImportRecord(value: unknown, context: ImportContext): ImportedOrder {
  const fields = objectAt(value, '', IMPORT_FIELDS);
  const input = readNewOrder(fields);
  const givenId = textField(fields, 'order_id', '', { max: 24, pattern: { regex: /^[0-9a-f]{24}$/, description: '소문자 16진수 24자' } }) ?? null;
  const givenNumber = textField(fields, 'order_number', '', { max: 20, pattern: { regex: /^\d{20}$/, description: '숫자 20자' } }) ?? null;

  let createdAt = timestampField(fields, 'created_at', '') ?? null;
  if (givenId !== null) {
    const idTime = orderIdCreatedAt(givenId);
    if (createdAt === null) createdAt = idTime;
    if (createdAt !== idTime) {
      throw invalidField('order_id', givenId, `앞 8자리가 created_at(${formatTimestamp(createdAt)})의 Unix 초인 16진수 (지금 ${formatTimestamp(idTime)})`);
    }
  }
  if (createdAt === null) {
    if (givenNumber === null) {
      throw invalidField('created_at', undefined, 'order_id도 order_number도 없는 기록에는 필수 (다시 가져와도 중복되지 않도록 주문을 알아볼 키가 됩니다)');
    }
    createdAt = context.now;
  }
  if (createdAt > context.now + CLOCK_SKEW_SECONDS) throw invalidField('created_at', formatTimestamp(createdAt), '지금보다 늦지 않은 시각');

  const status = choiceField(fields, 'status', '', ORDER_STATUS_VALUES) ?? 0;
  const expectedReceipt = RECEIPT_FOR_STATUS[status];
  const receiptStatus = choiceField(fields, 'receipt_status', '', [expectedReceipt]) ?? expectedReceipt;
  const paid = receiptStatus !== RECEIPT_STATUS.UNPAID;

  const purchasedAt = timestampField(fields, 'purchased_at', '') ?? null;
  const cancelledAt = timestampField(fields, 'cancelled_at', '') ?? null;
  const receiptId = textField(fields, 'receipt_id', '', { max: RECEIPT_ID_LENGTH }) ?? null;
  const payment = readPayment(fields);
  if (paid && purchasedAt === null) throw invalidField('purchased_at', fields.purchased_at, `결제된 주문(status ${status})에는 필수인 시각`);
  if (!paid) {
    for (const [name, given] of [['purchased_at', purchasedAt], ['receipt_id', receiptId], ['payment', payment]] as const) {
      if (given !== null) throw invalidField(name, fields[name], `결제 전 주문(status ${status})에는 비워 둘 값`);
    }
  }
  if (status === 4 && cancelledAt === null) throw invalidField('cancelled_at', fields.cancelled_at, '취소 완료 주문(status 4)에는 필수인 시각');
  if (status !== 4 && cancelledAt !== null) throw invalidField('cancelled_at', fields.cancelled_at, `취소 완료(status 4)가 아닌 주문(status ${status})에는 비워 둘 값`);
  const cancelledPrice = readCancelledPrice(fields, status, input.price);
  if (purchasedAt !== null) requireOrder('purchased_at', purchasedAt, 'created_at', createdAt);
  if (cancelledAt !== null) requireOrder('cancelled_at', cancelledAt, 'purchased_at', purchasedAt!);

  // Keys the record lacks are derived from what it has, so a second import derives the same ones.
  const key = givenId !== null ? `id:${givenId}` : givenNumber !== null ? `number:${givenNumber}` : `record:${canonicalJson(value)}`;
  const hash = givenId !== null && givenNumber !== null ? '' : digest(`${context.projectId}\n${key}`);
  const order = buildOrder(
    input,
    {
      project_id: context.projectId,
      order_id: givenId ?? newOrderId(createdAt, () => hash.slice(0, 16)),
      order_number: givenNumber ?? newOrderNumber(createdAt, context.timeZone, () => digitsOf(hash.slice(16))),
      created_at: createdAt,
    },
    {
      status,
      receipt_status: receiptStatus,
      receipt_id: receiptId,
      payment,
      purchased_at: purchasedAt,
      cancelled_at: cancelledAt,
      updated_at: cancelledAt ?? purchasedAt ?? createdAt,
      cancelled_price: cancelledPrice,
    },
  );
  const derivedOnly = givenId === null && givenNumber === null;
  return { order, givenOrderId: givenId !== null || derivedOnly, givenOrderNumber: givenNumber !== null };
}

/**
 * `cancelled_price`: all of the price for a cancelled order (status 4, the default), part of it
 * for a paid order that was partly cancelled (statuses 2 and 3, default 0), nothing before payment.
 */
function readCancelledPrice(fields: Fields, status: OrderStatus, price: number): number {
  if (status === 4) return integerField(fields, 'cancelled_price', '', { min: price, max: price }) ?? price;
  if (status === 2 || status === 3) return integerField(fields, 'cancelled_price', '', { min: 0, max: Math.max(0, price - 1) }) ?? 0;
  return integerField(fields, 'cancelled_price', '', { min: 0, max: 0 }) ?? 0;
}

/**
 * Cancellation requests and partial cancellation, as rules with no I/O. An order's `price` never
 * changes; approved cancellations add to its `cancelled_price` until all of it is refunded (then
 * the order is cancelled: status 4, receipt status 20). At most one request of an order is open
 * at a time: while it is, the order has status 3.
 */
import {
  BOOTPAY_ROLES,
  CANCELLATION_STATUS,
  CANCELLATION_STATUS_LABELS,
  type BootpayRole,
  type CancellationStatus,
} from '../contract/constants.js';
import { fieldPath, integerField, objectAt, textField, type Fields } from './body-fields.js';
import { ApiError, invalidField, invalidParameter } from './errors.js';
import { ORDER_LIMITS } from './new-order.js';
import { REASON_LENGTH } from './status-action-input.js';

export { CANCELLATION_STATUS, type BootpayRole, type CancellationStatus };

/** One product line a request cancels, as stored and shown. */
export interface CancelProductLine {
  order_product_id: string;
  product_id: string;
  qty: number;
  cancel_price: number;
}

export interface CancellationRequest {
  order_cancellation_request_id: string;
  project_id: string;
  order_id: string;
  order_number: string;
  status: CancellationStatus;
  cancel_reason: string | null;
  cancel_type: number | null;
  /** What the request asked to refund. */
  requested_price: number;
  /** What is (or was) refunded: the requested amount until an approval says otherwise; null once rejected or withdrawn. */
  refund_price: number | null;
  cancel_products: CancelProductLine[];
  requested_role: BootpayRole;
  requested_at: number;
  requested_by: string | null;
  processed_at: number | null;
  processed_by: string | null;
  processed_message: string | null;
}

/** The steps that close a request, and the status each leaves it in. */
export const CANCELLATION_STEPS = {
  approve: CANCELLATION_STATUS.APPROVED,
  reject: CANCELLATION_STATUS.REJECTED,
  withdraw: CANCELLATION_STATUS.WITHDRAWN,
} as const;
export type CancellationStep = keyof typeof CANCELLATION_STEPS;

/** Who may take each step through `/v1/order/cancel…` (the `BOOTPAY-ROLE` header). */
export const STEP_ROLES: Record<CancellationStep | 'request' | 'supervisor_request', readonly BootpayRole[]> = {
  request: ['user', 'supervisor'],
  /** `is_supervisor: true`: the merchant cancels at once, without a buyer's request. */
  supervisor_request: ['supervisor'],
  withdraw: ['user'],
  approve: ['supervisor'],
  reject: ['supervisor'],
};

export const ROLE_HEADER = 'bootpay-role';

/** The `BOOTPAY-ROLE` header: `user` when absent (as the SDK's default), a 400 for anything else. */
export function readRole(header: string | string[] | undefined): BootpayRole {
  if (header === undefined) return 'user';
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!(BOOTPAY_ROLES as readonly string[]).includes(value)) throw invalidParameter('BOOTPAY-ROLE', value, BOOTPAY_ROLES.join(' 또는 '));
  return value as BootpayRole;
}

export function requireRole(role: BootpayRole, step: keyof typeof STEP_ROLES): void {
  const allowed = STEP_ROLES[step];
  if (!allowed.includes(role)) {
    throw new ApiError('BOOTPAY_ROLE_FORBIDDEN', `BOOTPAY-ROLE '${role}'로는 ${step}을(를) 할 수 없습니다. 필요한 역할: ${allowed.join(', ')}`, {
      role,
      step,
      allowed_roles: allowed,
    });
  }
}

export type StepDecision = { kind: 'apply' } | { kind: 'duplicate' } | { kind: 'closed' };

/** What a step does to a request: apply it, a repeat of the step that closed it, or too late. */
export function decideStep(status: CancellationStatus, step: CancellationStep): StepDecision {
  if (status === CANCELLATION_STATUS.REQUESTED) return { kind: 'apply' };
  return status === CANCELLATION_STEPS[step] ? { kind: 'duplicate' } : { kind: 'closed' };
}

export function closedRequestError(request: CancellationRequest, step: CancellationStep): ApiError {
  const label = CANCELLATION_STATUS_LABELS[request.status].ko;
  return new ApiError(
    'CANCELLATION_REQUEST_CLOSED',
    `취소 요청(${request.order_cancellation_request_id})은 이미 ${request.status} ${label} 상태라 ${step}할 수 없습니다.`,
    { order_cancellation_request_id: request.order_cancellation_request_id, step, current_status: request.status },
  );
}

/** What a request asks for before it meets the order: product lines and an amount, each optional. */
export interface RequestedCancellation {
  products: { order_product_id?: string; product_id?: string; qty: number; cancel_price?: number; path: string }[];
  refund_price?: number;
  cancel_reason: string | null;
  cancel_type: number | null;
}

/** A product line's id in `cancel_products`: the order id and the line's 1-based number. */
export function orderProductId(orderId: string, lineNo: number): string {
  return `${orderId}-${lineNo}`;
}

const CANCEL_TYPE_MAX = 99;
const MAX_CANCEL_PRODUCTS = ORDER_LIMITS.maxProducts;

const amountRule = (required = false) => ({ min: 0, max: ORDER_LIMITS.maxPrice, required });

/** `request_cancel_parameters` (SDK) or the fields of `/v1/orders/:id/cancel/request` and `/cancel`. */
export function readRequestedCancellation(fields: Fields, path: string, reasonField: string, reasonRequired: boolean): RequestedCancellation {
  const products: RequestedCancellation['products'] = [];
  const list = fields.cancel_products;
  if (list !== undefined && list !== null) {
    const listPath = fieldPath(path, 'cancel_products');
    if (!Array.isArray(list) || list.length > MAX_CANCEL_PRODUCTS) throw invalidField(listPath, list, `${MAX_CANCEL_PRODUCTS}개 이하의 배열`);
    list.forEach((item, i) => {
      const itemPath = fieldPath(listPath, i);
      const line = objectAt(item, itemPath, ['order_product_id', 'product_id', 'qty', 'cancel_price']);
      const idRule = { max: ORDER_LIMITS.idLength + 16 };
      const order_product_id = textField(line, 'order_product_id', itemPath, idRule) ?? undefined;
      const product_id = textField(line, 'product_id', itemPath, idRule) ?? undefined;
      if (order_product_id === undefined && product_id === undefined) {
        throw invalidField(fieldPath(itemPath, 'order_product_id'), undefined, 'order_product_id 또는 product_id 중 하나 (필수)');
      }
      const qty = integerField(line, 'qty', itemPath, { min: 1, max: ORDER_LIMITS.maxQuantity, required: true })!;
      const cancel_price = integerField(line, 'cancel_price', itemPath, amountRule());
      products.push({ order_product_id, product_id, qty, cancel_price, path: itemPath });
    });
  }
  const refund_price = integerField(fields, 'refund_price', path, amountRule());
  const cancel_reason = textField(fields, reasonField, path, { max: REASON_LENGTH, required: reasonRequired }) ?? null;
  const cancel_type = integerField(fields, 'cancel_type', path, { min: 0, max: CANCEL_TYPE_MAX }) ?? null;
  return { products, refund_price, cancel_reason, cancel_type };
}

export interface CancellationRequestBody {
  order: { order_number: string } | { order_id: string };
  requested: RequestedCancellation;
  is_supervisor: boolean;
}

/** `POST /v1/order/cancel`, what the SDK's `orderCancel.request` sends. */
export function parseCancellationRequestBody(body: unknown): CancellationRequestBody {
  const fields = objectAt(body ?? undefined, '', ['order_number', 'order_id', 'request_cancel_parameters', 'is_supervisor']);
  const order_number = textField(fields, 'order_number', '', { max: ORDER_LIMITS.idLength }) ?? undefined;
  const order_id = textField(fields, 'order_id', '', { max: ORDER_LIMITS.idLength }) ?? undefined;
  if ((order_number === undefined) === (order_id === undefined)) {
    throw invalidField('order_number', order_number ?? fields.order_number, 'order_number 또는 order_id 중 정확히 하나 (필수)');
  }
  const parametersPath = 'request_cancel_parameters';
  const parameters = objectAt(fields.request_cancel_parameters ?? {}, parametersPath, [
    'cancel_products', 'cancel_order_subscription_bills', 'cancel_reason', 'cancel_type', 'refund_price',
  ]);
  const bills = parameters.cancel_order_subscription_bills;
  if (bills !== undefined && bills !== null && !(Array.isArray(bills) && bills.length === 0)) {
    throw invalidField(`${parametersPath}.cancel_order_subscription_bills`, bills, '빈 배열 또는 생략 (구독 청구 단위 취소는 지원하지 않습니다)');
  }
  const isSupervisor = fields.is_supervisor;
  if (isSupervisor !== undefined && isSupervisor !== null && typeof isSupervisor !== 'boolean') {
    throw invalidField('is_supervisor', isSupervisor, 'true 또는 false');
  }
  return {
    order: order_number !== undefined ? { order_number } : { order_id: order_id! },
    requested: readRequestedCancellation(parameters, parametersPath, 'cancel_reason', true),
    is_supervisor: isSupervisor === true,
  };
}

/** `PUT /v1/order/cancel/:id/approve|reject` (`withdraw` takes no fields). */
export interface ProcessInput {
  message: string | null;
  refund_price?: number;
}

export function parseProcessBody(step: CancellationStep, body: unknown): ProcessInput {
  const allowed = step === 'withdraw' ? [] : step === 'approve' ? ['message', 'cancel_reason', 'refund_price'] : ['message', 'cancel_reason'];
  const fields = body === null || body === undefined ? {} : objectAt(body, '', allowed);
  const message = textField(fields, 'message', '', { max: REASON_LENGTH }) ?? null;
  const reason = textField(fields, 'cancel_reason', '', { max: REASON_LENGTH }) ?? null;
  return { message: message ?? reason, refund_price: integerField(fields, 'refund_price', '', amountRule()) };
}

/** What of an order a cancellation is judged on. */
export interface CancellableOrder {
  order_id: string;
  price: number;
  cancelled_price: number;
  products: readonly { product_id: string; quantity: number; price: number }[];
  /** Quantities of each line (1-based) that approved requests have cancelled already. */
  cancelledQuantities: ReadonlyMap<number, number>;
}

export function remainingPrice(order: { price: number; cancelled_price: number }): number {
  return order.price - order.cancelled_price;
}

function exceeds(what: string, data: Record<string, unknown>): ApiError {
  return new ApiError('REFUND_EXCEEDS_REMAINING', `${what}: 남은 것보다 많이 취소할 수 없습니다.`, data);
}

/** The product lines a request names, matched to the order's lines, with their prices. */
function resolveLines(order: CancellableOrder, requested: RequestedCancellation): CancelProductLine[] {
  const seen = new Set<number>();
  return requested.products.map((line) => {
    let lineNo: number;
    if (line.order_product_id !== undefined) {
      const index = order.products.findIndex((_, i) => orderProductId(order.order_id, i + 1) === line.order_product_id);
      if (index < 0) throw invalidField(`${line.path}.order_product_id`, line.order_product_id, '이 주문의 상품 라인 ID (주문 상세 products[].order_product_id)');
      lineNo = index + 1;
    } else {
      const matches = order.products.flatMap((p, i) => (p.product_id === line.product_id ? [i + 1] : []));
      if (matches.length !== 1) {
        const expected = matches.length === 0 ? '이 주문에 있는 product_id' : '주문에 두 번 이상 있는 상품이라 order_product_id로 지정';
        throw invalidField(`${line.path}.product_id`, line.product_id, expected);
      }
      lineNo = matches[0]!;
    }
    if (seen.has(lineNo)) throw invalidField(line.path, line.order_product_id ?? line.product_id, '상품 라인마다 한 번만');
    seen.add(lineNo);
    const product = order.products[lineNo - 1]!;
    const left = product.quantity - (order.cancelledQuantities.get(lineNo) ?? 0);
    if (line.qty > left) {
      throw exceeds(`${line.path}.qty ${line.qty}`, { parameter: `${line.path}.qty`, value: line.qty, remaining_quantity: left });
    }
    const full = line.qty * product.price;
    const cancel_price = line.cancel_price ?? full;
    if (cancel_price > full) {
      throw exceeds(`${line.path}.cancel_price ${cancel_price}`, { parameter: `${line.path}.cancel_price`, value: cancel_price, maximum: full });
    }
    return { order_product_id: orderProductId(order.order_id, lineNo), product_id: product.product_id, qty: line.qty, cancel_price };
  });
}

/** The lines and the amount a request refunds, checked against what is left of the order. */
export function resolveCancellation(order: CancellableOrder, requested: RequestedCancellation): { lines: CancelProductLine[]; amount: number } {
  const lines = resolveLines(order, requested);
  const remaining = remainingPrice(order);
  const amount = requested.refund_price ?? (lines.length > 0 ? lines.reduce((sum, l) => sum + l.cancel_price, 0) : remaining);
  checkRefund(amount, remaining, 'refund_price');
  return { lines, amount };
}

/** A refund must be more than nothing (unless nothing is left) and at most what is left. */
export function checkRefund(amount: number, remaining: number, parameter: string): void {
  if (amount > remaining) throw exceeds(`${parameter} ${amount}`, { parameter, value: amount, remaining_price: remaining });
  if (amount === 0 && remaining > 0) throw invalidField(parameter, amount, `1 이상 ${remaining} 이하의 정수 (남은 금액)`);
}

/** Quantities per line (1-based) of the approved requests' lines. */
export function cancelledQuantities(approved: readonly CancellationRequest[]): Map<number, number> {
  const quantities = new Map<number, number>();
  for (const request of approved) {
    for (const line of request.cancel_products) {
      const lineNo = Number(line.order_product_id.slice(line.order_product_id.lastIndexOf('-') + 1));
      quantities.set(lineNo, (quantities.get(lineNo) ?? 0) + line.qty);
    }
  }
  return quantities;
}

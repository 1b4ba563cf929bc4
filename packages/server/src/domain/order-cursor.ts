import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from './errors.js';
import type { DateField, OrderFilter } from './order-query.js';

/**
 * Where a row stands in the list's order: its value of the filter's date field (null for an
 * unpaid order in the `p_at` order, where those come last) and its order_id, which breaks ties.
 */
export interface SortPosition {
  date: number | null;
  orderId: string;
}

export function sortPositionOf(row: { order_id: string } & Record<DateField, number | null>, dateField: DateField): SortPosition {
  return { date: row[dateField], orderId: row.order_id };
}

/** 128 bits of HMAC-SHA256: as strong as a guess needs, and short in a URL. */
const SIGNATURE_BYTES = 16;
const SIGNATURE_CHARS = Math.ceil((SIGNATURE_BYTES * 4) / 3);
const MAX_CURSOR_LENGTH = 400;
const MAX_ORDER_ID_LENGTH = 128;
const CURSOR_SHAPE = new RegExp(`^([A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}})\\.([A-Za-z0-9_-]{${SIGNATURE_CHARS}})$`);
const EXPECTED = '같은 프로젝트, 같은 필터의 목록 응답이 준 next_cursor 값 그대로';

/**
 * The filters in one canonical form: fields in a fixed order, arrays sorted, defaults explicit,
 * so `status=2,1` and `status=1&status=2` are the same list and any other filter is not.
 */
export function filterFingerprint(filter: OrderFilter): string {
  const sorted = <T extends string | number>(values: readonly T[] | undefined) =>
    values === undefined ? null : [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Buyer search came later: without it the fingerprint is what it was, so earlier cursors still hold.
  const buyer = [
    filter.buyerNamePrefix ?? null,
    filter.buyerEmail ?? null,
    filter.buyerPhone ? `${filter.buyerPhone.kind}:${filter.buyerPhone.digits}` : null,
  ];
  return JSON.stringify([
    filter.dateField,
    filter.from ?? null,
    filter.to ?? null,
    filter.userId ?? null,
    filter.userGroupId ?? null,
    sorted(filter.subscriptionIds),
    filter.billingType ?? null,
    filter.keyword ?? null,
    sorted(filter.statuses),
    sorted(filter.paymentStatuses),
    sorted(filter.orderTypes),
    filter.createdBefore ?? null,
    filter.paymentFailed ?? null,
    ...(buyer.some((value) => value !== null) ? buyer : []),
  ]);
}

function signature(hashKey: string, projectId: string, filter: OrderFilter, payload: string): Buffer {
  return createHmac('sha256', hashKey)
    .update(`order-cursor/1\n${projectId}\n${filterFingerprint(filter)}\n${payload}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES);
}

/**
 * `next_cursor`: the sort position, signed together with the project and the filters, so it can
 * only continue the very list it came from.
 */
export function encodeCursor(hashKey: string, projectId: string, filter: OrderFilter, position: SortPosition): string {
  const payload = Buffer.from(JSON.stringify([position.date, position.orderId])).toString('base64url');
  return `${payload}.${signature(hashKey, projectId, filter, payload).toString('base64url')}`;
}

/**
 * The position a `cursor` parameter continues from. A cursor of another project, of other
 * filters, or altered in any way is a 400 naming `cursor`; they all look alike on purpose.
 */
export function decodeCursor(hashKey: string, projectId: string, filter: OrderFilter, cursor: string): SortPosition {
  const invalid = () => invalidParameter('cursor', cursor, EXPECTED);
  const match = CURSOR_SHAPE.exec(cursor);
  if (!match) throw invalid();
  const [, payload, given] = match as unknown as [string, string, string];
  const expected = signature(hashKey, projectId, filter, payload);
  const received = Buffer.from(given, 'base64url');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // Signed by this server, so well-formed; checked anyway, since the hash key may have been shared.
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [date, orderId] = decoded as [unknown, unknown];
  const validDate = date === null ? filter.dateField === 'purchased_at' : Number.isSafeInteger(date);
  if (!validDate || typeof orderId !== 'string' || orderId.length === 0 || orderId.length > MAX_ORDER_ID_LENGTH) throw invalid();
  return { date: date as number | null, orderId };
}

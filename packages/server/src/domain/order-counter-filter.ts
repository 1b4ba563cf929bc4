/** Which counts the maintained counters can answer, decided in one place; pure, no I/O. */
import { counterDay } from './order-counters.js';
import type { DateField, OrderFilter } from './order-query.js';
import type { BillingType, OrderStatus, OrderType, ReceiptStatus } from './order-status.js';
import { localDate, startOfLocalDay } from './time-zone.js';

/** A count as a sum over counter rows: the rows of one date field, a day range, the dimensions. */
export interface CounterQuery {
  dateField: DateField;
  /** Local day numbers in the counters' zone; from inclusive, to exclusive. */
  fromDay?: number;
  toDay?: number;
  statuses?: OrderStatus[];
  paymentStatuses?: ReceiptStatus[];
  orderTypes?: OrderType[];
  billingType?: BillingType;
}

/**
 * The filter fields counters hold. Anything else (user, group, subscription ids, keyword,
 * created_before, payment_failed, and any field added later) keeps the indexed COUNT(*).
 */
const COUNTED_FIELDS: ReadonlySet<string> = new Set([
  'dateField', 'from', 'to', 'statuses', 'paymentStatuses', 'orderTypes', 'billingType',
]);
/** A list's query carries which page it wants beside its filter: that does not change the count. */
const PAGE_FIELDS: ReadonlySet<string> = new Set(['page', 'limit', 'cursor']);

/** The local day an instant starts, or null when it is not the first second of a day in the zone. */
function dayStarting(instant: number, timeZone: string): number | null {
  return startOfLocalDay(localDate(instant, timeZone), timeZone) === instant ? counterDay(instant, timeZone) : null;
}

/**
 * The counter sum equal to `COUNT(*)` of the filter, or null when counters cannot answer it: a
 * field they do not hold, or a range bound that is not a whole day in the zone they were built in
 * (the service's zone changed since, and they have not been rebuilt yet).
 */
export function counterQueryOf(filter: OrderFilter, countersTimeZone: string): CounterQuery | null {
  for (const [field, value] of Object.entries(filter)) {
    if (value !== undefined && !COUNTED_FIELDS.has(field) && !PAGE_FIELDS.has(field)) return null;
  }
  const query: CounterQuery = { dateField: filter.dateField };
  if (filter.from !== undefined) {
    const day = dayStarting(filter.from, countersTimeZone);
    if (day === null) return null;
    query.fromDay = day;
  }
  if (filter.to !== undefined) {
    const day = dayStarting(filter.to, countersTimeZone);
    if (day === null) return null;
    query.toDay = day;
  }
  // Without a range the p_at filter matches every order, paid or not: the created_at rows hold them all.
  if (filter.dateField === 'purchased_at' && query.fromDay === undefined && query.toDay === undefined) {
    query.dateField = 'created_at';
  }
  if (filter.statuses) query.statuses = filter.statuses;
  if (filter.paymentStatuses) query.paymentStatuses = filter.paymentStatuses;
  if (filter.orderTypes) query.orderTypes = filter.orderTypes;
  if (filter.billingType !== undefined) query.billingType = filter.billingType;
  return query;
}

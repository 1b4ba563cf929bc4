/** Shapes the summary (운영 현황과 이슈) from grouped counts; pure, no I/O. */
import { calendarDateOfDayNumber, dayNumberOfCalendarDate } from './local-time.js';
import type { OrderFilter } from './order-query.js';
import {
  ORDER_STATUS,
  ORDER_STATUS_VALUES,
  RECEIPT_STATUS_VALUES,
  type OrderStatus,
  type ReceiptStatus,
} from './order-status.js';
import { formatCalendarDate, localDate, type CalendarDate } from './time-zone.js';

/** The daily series covers at most this many days: the latest ones of the range. */
export const MAX_SERIES_DAYS = 92;

/** What a group of orders adds up to; `amount` is their price, of which `cancelled_amount` was refunded. */
export interface GroupTotals {
  count: number;
  amount: number;
  cancelled_amount: number;
}

/** GroupTotals with what the orders still hold: `amount - cancelled_amount`. */
export interface Totals extends GroupTotals {
  remaining_amount: number;
}

/** One row of `GROUP BY status, receipt_status`, with the span of the filter's date. */
export interface StatusGroup extends GroupTotals {
  status: number;
  receipt_status: number;
  first: number | null;
  last: number | null;
}

export interface StatusBreakdown extends Totals {
  by_status: Record<OrderStatus, Totals>;
  by_payment_status: Record<ReceiptStatus, Totals>;
  /** Earliest and latest value of the filter's date among the matching orders. */
  first: number | null;
  last: number | null;
}

function zeroTotals<K extends number>(keys: readonly K[]): Record<K, Totals> {
  return Object.fromEntries(keys.map((key) => [key, { count: 0, amount: 0, cancelled_amount: 0, remaining_amount: 0 }])) as Record<K, Totals>;
}

function add(totals: Totals | undefined, group: GroupTotals): void {
  if (!totals) return;
  totals.count += group.count;
  totals.amount += group.amount;
  totals.cancelled_amount += group.cancelled_amount;
  totals.remaining_amount = totals.amount - totals.cancelled_amount;
}

/** Totals overall, per status and per payment status; every known value present, zeros included. */
export function statusBreakdown(groups: readonly StatusGroup[]): StatusBreakdown {
  const breakdown: StatusBreakdown = {
    count: 0,
    amount: 0,
    cancelled_amount: 0,
    remaining_amount: 0,
    by_status: zeroTotals(ORDER_STATUS_VALUES),
    by_payment_status: zeroTotals(RECEIPT_STATUS_VALUES),
    first: null,
    last: null,
  };
  for (const group of groups) {
    add(breakdown, group);
    add(breakdown.by_status[group.status as OrderStatus], group);
    add(breakdown.by_payment_status[group.receipt_status as ReceiptStatus], group);
    if (group.first !== null) breakdown.first = Math.min(breakdown.first ?? group.first, group.first);
    if (group.last !== null) breakdown.last = Math.max(breakdown.last ?? group.last, group.last);
  }
  return breakdown;
}

export interface SeriesRange {
  from: CalendarDate;
  to: CalendarDate;
  /** True when the range was longer than MAX_SERIES_DAYS and only its latest days are shown. */
  truncated: boolean;
}

/**
 * The days of the series: css_at..cse_at where given, else the span of the matching orders'
 * dates; capped to the latest MAX_SERIES_DAYS days. Null when there is nothing to show.
 */
export function seriesRange(
  filter: Pick<OrderFilter, 'from' | 'to'>,
  span: { first: number | null; last: number | null },
  timeZone: string,
): SeriesRange | null {
  const fromInstant = filter.from ?? span.first;
  const toInstant = filter.to !== undefined ? filter.to - 1 : span.last;
  if (fromInstant === null || toInstant === null || fromInstant > toInstant) return null;
  const fromDay = dayNumberOfCalendarDate(localDate(fromInstant, timeZone));
  const toDay = dayNumberOfCalendarDate(localDate(toInstant, timeZone));
  const truncated = toDay - fromDay + 1 > MAX_SERIES_DAYS;
  return {
    from: calendarDateOfDayNumber(truncated ? toDay - MAX_SERIES_DAYS + 1 : fromDay),
    to: calendarDateOfDayNumber(toDay),
    truncated,
  };
}

/** One row of `GROUP BY local day`: `day` counts local days since 1970-01-01. */
export interface DayGroup extends GroupTotals {
  day: number;
  paid_count: number;
  paid_amount: number;
}

export interface SeriesDay extends GroupTotals {
  date: string;
  paid_count: number;
  paid_amount: number;
}

/** Every day of the range in order, days without orders as zeros (a chart needs no gaps). */
export function dailySeries(range: SeriesRange, groups: readonly DayGroup[]): SeriesDay[] {
  const byDay = new Map(groups.map((group) => [group.day, group]));
  const days: SeriesDay[] = [];
  for (let day = dayNumberOfCalendarDate(range.from); day <= dayNumberOfCalendarDate(range.to); day++) {
    const group = byDay.get(day);
    days.push({
      date: formatCalendarDate(calendarDateOfDayNumber(day)),
      count: group?.count ?? 0,
      amount: group?.amount ?? 0,
      cancelled_amount: group?.cancelled_amount ?? 0,
      paid_count: group?.paid_count ?? 0,
      paid_amount: group?.paid_amount ?? 0,
    });
  }
  return days;
}

export const ISSUE_NAMES = ['stuck_payments', 'cancellation_requests', 'payment_failures'] as const;
export type IssueName = (typeof ISSUE_NAMES)[number];

/**
 * The filter that lists each issue: the caller's filters except the ones issues are made of
 * (status, payment status, created_before, payment_failed), plus the issue's own condition.
 * Counting with the same filter keeps every issue's count equal to what its list shows.
 */
export function issueFilters(filter: OrderFilter, now: number, stuckPaymentMinutes: number): Record<IssueName, OrderFilter> {
  const { statuses: _s, paymentStatuses: _p, createdBefore: _c, paymentFailed: _f, ...rest } = filter;
  return {
    stuck_payments: {
      ...rest,
      statuses: [ORDER_STATUS.PAYMENT_IN_PROGRESS],
      createdBefore: now - stuckPaymentMinutes * 60,
    },
    cancellation_requests: { ...rest, statuses: [ORDER_STATUS.CANCELLATION_REQUESTED] },
    payment_failures: { ...rest, paymentFailed: true },
  };
}

/**
 * Maintained order counters: how many orders, and how much money, per project, local day, date
 * field and the low-cardinality dimensions the list filters on. Pure arithmetic, no I/O: storage
 * applies the deltas this computes in the same transaction as the write that causes them.
 */
import { localDayNumber } from './local-time.js';
import type { DateField } from './order-query.js';
import type { Order } from './order.js';
import { offsetSeconds } from './time-zone.js';

/** One counter row's identity. An unpaid order has no `purchased_at` row at all. */
export interface CounterKey {
  project_id: string;
  date_field: DateField;
  /** Local days since 1970-01-01 in the zone the counters are built in. */
  day: number;
  status: number;
  receipt_status: number;
  order_type: string;
  billing_type: number;
}

export interface CounterDelta extends CounterKey {
  orders: number;
  amount: number;
  /** The orders' `cancelled_price`: `amount - cancelled_amount` is what they still hold. */
  cancelled_amount: number;
}

/** The fields of an order that decide which counter rows it is in, and with what amount. */
export type CountedOrder = Pick<
  Order,
  'project_id' | 'created_at' | 'purchased_at' | 'status' | 'receipt_status' | 'order_type' | 'subscription_billing_type' | 'price'
  | 'cancelled_price'
>;

/** An order entering (+1) or leaving (-1) the counters; a status change is one of each. */
export interface CounterChange {
  order: CountedOrder;
  sign: 1 | -1;
}

/** Offsets change on quarter-hour boundaries only, so the local day is constant within each quarter hour. */
const QUARTER_HOUR = 900;
const dayByQuarterHour = new Map<string, Map<number, number>>();

/** The local day number of an instant in a zone; memoized, since bulk loads ask for every order. */
export function counterDay(epochSeconds: number, timeZone: string): number {
  let days = dayByQuarterHour.get(timeZone);
  if (!days) {
    days = new Map();
    dayByQuarterHour.set(timeZone, days);
  }
  const slot = Math.floor(epochSeconds / QUARTER_HOUR);
  let day = days.get(slot);
  if (day === undefined) {
    day = localDayNumber(epochSeconds, offsetSeconds(epochSeconds, timeZone));
    if (days.size > 100_000) days.clear();
    days.set(slot, day);
  }
  return day;
}

export function counterKeyText(key: CounterKey): string {
  return [key.project_id, key.date_field, key.day, key.status, key.receipt_status, key.order_type, key.billing_type].join('\u0000');
}

/**
 * The net change of every counter row the changes touch, zeros dropped, sorted by key: every
 * writer then locks counter rows in the same order, so two of them cannot deadlock on them.
 * Bulk loads call this for every order, so a row object is made only for a key not seen yet.
 */
export function counterDeltas(changes: Iterable<CounterChange>, timeZone: string): CounterDelta[] {
  const byKey = new Map<string, CounterDelta>();
  const add = (order: CountedOrder, dateField: DateField, instant: number, sign: number) => {
    const day = counterDay(instant, timeZone);
    const text = [order.project_id, dateField, day, order.status, order.receipt_status, order.order_type, order.subscription_billing_type].join('\u0000');
    const delta = byKey.get(text);
    if (delta) {
      delta.orders += sign;
      delta.amount += sign * order.price;
      delta.cancelled_amount += sign * order.cancelled_price;
      return;
    }
    byKey.set(text, {
      project_id: order.project_id, date_field: dateField, day, status: order.status, receipt_status: order.receipt_status,
      order_type: order.order_type, billing_type: order.subscription_billing_type, orders: sign, amount: sign * order.price,
      cancelled_amount: sign * order.cancelled_price,
    });
  };
  for (const { order, sign } of changes) {
    add(order, 'created_at', order.created_at, sign);
    if (order.purchased_at !== null) add(order, 'purchased_at', order.purchased_at, sign);
  }
  return [...byKey.keys()]
    .sort()
    .map((text) => byKey.get(text)!)
    .filter((delta) => delta.orders !== 0 || delta.amount !== 0 || delta.cancelled_amount !== 0);
}

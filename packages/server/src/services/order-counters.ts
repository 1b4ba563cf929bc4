import { calendarDateOfDayNumber } from '../domain/local-time.js';
import { counterKeyText, type CounterKey } from '../domain/order-counters.js';
import type { DateField } from '../domain/order-query.js';
import { formatCalendarDate } from '../domain/time-zone.js';
import { buildOrderCounters, countersFromOrders, type CounterRow } from '../storage/order-counter-build.js';
import { readStoredCounters } from '../storage/order-counter-repository.js';
import { readCountersZone } from '../storage/order-counter-writes.js';
import type { Storage } from '../storage/storage.js';

export interface CounterDifference {
  key: CounterKey;
  /** The local date of `key.day` in the counters' zone. */
  date: string;
  expected: { orders: number; amount: number; cancelled_amount: number };
  stored: { orders: number; amount: number; cancelled_amount: number };
}

export interface CounterCheck {
  timeZone: string;
  /** Counter rows the orders call for (rows that net to zero are not needed). */
  rows: number;
  differences: CounterDifference[];
  repaired: boolean;
}

const ZERO = { orders: 0, amount: 0, cancelled_amount: 0 };

/** Every key where the stored counters and the orders disagree; a missing row counts as zeros. */
export function compareCounters(expected: readonly CounterRow[], stored: readonly CounterRow[]): Omit<CounterDifference, 'date'>[] {
  const keyOf = (row: CounterRow): CounterKey => ({
    project_id: row.project_id, date_field: row.date_field as DateField, day: row.day, status: row.status,
    receipt_status: row.receipt_status, order_type: row.order_type, billing_type: row.billing_type,
  });
  const both = new Map<string, { key: CounterKey; expected: typeof ZERO; stored: typeof ZERO }>();
  const entry = (row: CounterRow) => {
    const key = keyOf(row);
    const text = counterKeyText(key);
    let found = both.get(text);
    if (!found) {
      found = { key, expected: ZERO, stored: ZERO };
      both.set(text, found);
    }
    return found;
  };
  for (const row of expected) entry(row).expected = { orders: row.orders, amount: row.amount, cancelled_amount: row.cancelled_amount };
  for (const row of stored) entry(row).stored = { orders: row.orders, amount: row.amount, cancelled_amount: row.cancelled_amount };
  return [...both.values()].filter((d) => d.expected.orders !== d.stored.orders || d.expected.amount !== d.stored.amount
    || d.expected.cancelled_amount !== d.stored.cancelled_amount);
}

/**
 * `jumun counts verify`: recomputes the counters from the orders and compares them with the stored
 * ones, in one snapshot (repeatable read), so writes running meanwhile cannot look like errors.
 * With `repair`, the comparison and the rebuild run in one transaction that keeps writers waiting.
 */
export async function verifyOrderCounters(
  storage: Storage,
  options: { projectId?: string; repair?: boolean } = {},
): Promise<CounterCheck> {
  const transaction = options.repair ? storage.db.transaction() : storage.db.transaction().setIsolationLevel('repeatable read');
  return transaction.execute(async (trx) => {
    if (options.repair) await storage.dialect.lockTableForWrite('order_counters').execute(trx);
    const timeZone = await readCountersZone(trx);
    const expected = await countersFromOrders(trx, timeZone, options.projectId);
    const stored = await readStoredCounters(trx, options.projectId);
    const differences = compareCounters(expected, stored).map((d) => ({
      ...d,
      date: formatCalendarDate(calendarDateOfDayNumber(d.key.day)),
    }));
    const repaired = options.repair === true && differences.length > 0;
    if (repaired) await buildOrderCounters(trx, timeZone, options.projectId);
    return { timeZone, rows: expected.length, differences, repaired };
  });
}

/** Rebuilds every counter from the orders, keyed by the local days of `timeZone`. */
export async function rebuildOrderCounters(storage: Storage, timeZone: string): Promise<void> {
  await storage.db.transaction().execute(async (trx) => {
    await storage.dialect.lockTableForWrite('order_counters').execute(trx);
    await buildOrderCounters(trx, timeZone);
  });
}

/**
 * At startup: counters keyed by another zone than the service's answer only ranges whose ends are
 * whole days in both zones (every other count falls back to COUNT(*)), so they are rebuilt in the
 * service's zone. True when that happened.
 */
export async function alignOrderCounters(storage: Storage, timeZone: string): Promise<boolean> {
  if ((await readCountersZone(storage.db)) === timeZone) return false;
  await rebuildOrderCounters(storage, timeZone);
  await readCountersZone(storage.db);
  return true;
}

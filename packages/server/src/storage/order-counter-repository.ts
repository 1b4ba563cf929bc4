import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { counterQueryOf, type CounterQuery } from '../domain/order-counter-filter.js';
import type { OrderFilter } from '../domain/order-query.js';
import { RECEIPT_STATUS } from '../domain/order-status.js';
import { allProjects } from './distribution.js';
import { COUNTER_KEY_COLUMNS, COUNTERS_TIME_ZONE_SETTING, type CounterRow } from './order-counter-build.js';
import { countersZone, noteCountersZone, readCountersZone } from './order-counter-writes.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

type CountersBuilder = ExpressionBuilder<Database, 'order_counters'>;

/** Times a read may find the counters rebuilt in another zone than it assumed before giving up on them. */
const ZONE_ATTEMPTS = 3;

function counterWhere(projectId: string, query: CounterQuery) {
  return (eb: CountersBuilder): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [
      eb('project_id', '=', projectId),
      eb('date_field', '=', query.dateField),
    ];
    if (query.fromDay !== undefined) conditions.push(eb('day', '>=', query.fromDay));
    if (query.toDay !== undefined) conditions.push(eb('day', '<', query.toDay));
    if (query.statuses) conditions.push(eb('status', 'in', query.statuses));
    if (query.paymentStatuses) conditions.push(eb('receipt_status', 'in', query.paymentStatuses));
    if (query.orderTypes) conditions.push(eb('order_type', 'in', query.orderTypes));
    if (query.billingType !== undefined) conditions.push(eb('billing_type', '=', query.billingType));
    return eb.and(conditions);
  };
}

/** The zone the counters are keyed by, read in the same statement (the same snapshot) as the sums. */
const zoneColumn = sql<string | null>`(select value from settings where name = ${COUNTERS_TIME_ZONE_SETTING})`;

/** The zone the rows were read under: undefined when there are none, null when they disagree (a rebuild in between). */
function zoneOf(rows: ReadonlyArray<{ zone: string | null }>): string | null | undefined {
  const zones = new Set(rows.map((row) => row.zone));
  if (zones.size === 0) return undefined;
  return zones.size === 1 ? [...zones][0]! : null;
}

/**
 * Runs `read` over the counter query of `filter`, or answers null when counters cannot answer
 * it. A read that finds the counters keyed by another zone than assumed is redone in that zone.
 */
async function withCounterQuery<T>(
  storage: Storage,
  filter: OrderFilter,
  /** `zone` is what the settings row said during the read; undefined when no row came back to say it. */
  read: (query: CounterQuery) => Promise<{ zone: string | null | undefined; result: T }>,
  requiredZone?: string,
): Promise<T | null> {
  let zone = await countersZone(storage.reads);
  for (let attempt = 1; attempt <= ZONE_ATTEMPTS; attempt++) {
    if (requiredZone !== undefined && zone !== requiredZone) return null;
    const query = counterQueryOf(filter, zone);
    if (!query) return null;
    const answer = await read(query);
    // Nothing matched: the zone is read after, and only a rebuild there and back in between could fool it.
    const seen = answer.zone === undefined ? await readCountersZone(storage.reads) : answer.zone;
    if (seen === zone) return answer.result;
    if (seen === null) return null;
    noteCountersZone(seen);
    zone = seen;
  }
  return null;
}

/** The exact `COUNT(*)` of the filter as a sum over counter rows; null when counters cannot answer it. */
export function countFromCounters(storage: Storage, projectId: string, filter: OrderFilter): Promise<number | null> {
  return withCounterQuery(storage, filter, async (query) => {
    const row = await storage.reads
      .selectFrom('order_counters')
      .select((eb) => [zoneColumn.as('zone'), eb.fn.coalesce(eb.fn.sum<number>('orders'), sql<number>`0`).as('count')])
      .where(counterWhere(projectId, query))
      .executeTakeFirstOrThrow();
    return { zone: row.zone, result: Number(row.count) };
  });
}

export interface CounterStatusGroup {
  status: number;
  receipt_status: number;
  count: number;
  amount: number;
  cancelled_amount: number;
  /** First and last local day with an order, in the counters' zone. */
  firstDay: number | null;
  lastDay: number | null;
}

/**
 * The summary's `GROUP BY status, receipt_status` from counters, when they are keyed by
 * `timeZone` (its days are the series' days). Null when counters cannot answer.
 */
export function groupCountersByStatus(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  timeZone: string,
): Promise<CounterStatusGroup[] | null> {
  return withCounterQuery(storage, filter, async (query) => {
    const totals = await storage.reads
      .selectFrom('order_counters')
      .select((eb) => [
        zoneColumn.as('zone'), 'status', 'receipt_status',
        eb.fn.sum<number>('orders').as('count'), eb.fn.sum<number>('amount').as('amount'),
        eb.fn.sum<number>('cancelled_amount').as('cancelled_amount'),
      ])
      .where(counterWhere(projectId, query))
      .groupBy(['status', 'receipt_status'])
      .having((eb) => eb.fn.sum('orders'), '>', 0)
      .execute();
    // The span of the filter's own date: for p_at without a range, that of the paid orders.
    const spanQuery = { ...query, dateField: filter.dateField };
    // A key's shards are summed first: one of them may be negative (an order counted in one, moved out of another).
    const days = storage.reads
      .selectFrom('order_counters')
      .select(['status', 'receipt_status', 'day'])
      .where(counterWhere(projectId, spanQuery))
      .groupBy(['status', 'receipt_status', 'day'])
      .having((eb) => eb.fn.sum('orders'), '>', 0);
    const spans = await storage.reads
      .selectFrom(days.as('days'))
      .select((eb) => [zoneColumn.as('zone'), 'status', 'receipt_status', eb.fn.min<number>('day').as('first'), eb.fn.max<number>('day').as('last')])
      .groupBy(['status', 'receipt_status'])
      .execute();
    const span = new Map(spans.map((s) => [`${s.status}/${s.receipt_status}`, s]));
    return {
      zone: zoneOf([...totals, ...spans]),
      result: totals.map((row) => {
        const s = span.get(`${row.status}/${row.receipt_status}`);
        return {
          status: Number(row.status),
          receipt_status: Number(row.receipt_status),
          count: Number(row.count),
          amount: Number(row.amount),
          cancelled_amount: Number(row.cancelled_amount),
          firstDay: s ? Number(s.first) : null,
          lastDay: s ? Number(s.last) : null,
        };
      }),
    };
  }, timeZone);
}

export interface CounterDayGroup {
  day: number;
  count: number;
  amount: number;
  cancelled_amount: number;
  paid_count: number;
  paid_amount: number;
}

/** The summary's daily series over [from, to) from counters keyed by `timeZone`; null when they cannot answer. */
export function groupCountersByDay(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  timeZone: string,
): Promise<CounterDayGroup[] | null> {
  return withCounterQuery(storage, filter, async (query) => {
    const paid = sql`receipt_status = ${sql.lit(RECEIPT_STATUS.PAID)}`;
    const rows = await storage.reads
      .selectFrom('order_counters')
      .select((eb) => [
        zoneColumn.as('zone'), 'day',
        eb.fn.sum<number>('orders').as('count'), eb.fn.sum<number>('amount').as('amount'),
        eb.fn.sum<number>('cancelled_amount').as('cancelled_amount'),
        sql<number>`sum(case when ${paid} then orders else 0 end)`.as('paid_count'),
        sql<number>`sum(case when ${paid} then amount else 0 end)`.as('paid_amount'),
      ])
      .where(counterWhere(projectId, query))
      .groupBy('day')
      .execute();
    return {
      zone: zoneOf(rows),
      result: rows.map((row) => ({
        day: Number(row.day),
        count: Number(row.count),
        amount: Number(row.amount),
        cancelled_amount: Number(row.cancelled_amount),
        paid_count: Number(row.paid_count),
        paid_amount: Number(row.paid_amount),
      })),
    };
  }, timeZone);
}

/** The stored counts of every key of every project (or one), shards summed, for verification. */
export async function readStoredCounters(db: Kysely<Database>, projectId?: string): Promise<CounterRow[]> {
  let query = db
    .selectFrom('order_counters')
    .select((eb) => [...COUNTER_KEY_COLUMNS, eb.fn.sum<number>('orders').as('orders'), eb.fn.sum<number>('amount').as('amount'),
      eb.fn.sum<number>('cancelled_amount').as('cancelled_amount')])
    .groupBy([...COUNTER_KEY_COLUMNS]);
  query = projectId === undefined ? query.modifyEnd(allProjects('the counters of every project, verified')) : query.where('project_id', '=', projectId);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...row, day: Number(row.day), status: Number(row.status), receipt_status: Number(row.receipt_status),
    billing_type: Number(row.billing_type), orders: Number(row.orders), amount: Number(row.amount),
    cancelled_amount: Number(row.cancelled_amount),
  }));
}

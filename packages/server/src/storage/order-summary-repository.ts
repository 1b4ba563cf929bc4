import { sql, type RawBuilder } from 'kysely';
import type { OffsetSegment } from '../domain/local-time.js';
import type { OrderFilter } from '../domain/order-query.js';
import type { DayGroup, StatusGroup } from '../domain/order-summary.js';
import { RECEIPT_STATUS } from '../domain/order-status.js';
import { orderFilterSql } from './order-filter-sql.js';
import { onBehalfOf } from './read-tenant.js';
import { planKeyword } from './order-repository.js';
import type { Storage } from './storage.js';

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** `GROUP BY status, receipt_status`: counts, amounts and the span of the filter's date. */
export async function groupOrdersByStatus(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
): Promise<StatusGroup[]> {
  const date = sql.ref(filter.dateField);
  const plan = await planKeyword(storage, projectId, filter);
  const query = storage.reads
    .selectFrom('orders')
    .select((eb) => [
      'status',
      'receipt_status',
      eb.fn.countAll().as('count'),
      eb.fn.sum('price').as('amount'),
      eb.fn.sum('cancelled_price').as('cancelled_amount'),
      sql`min(${date})`.as('first'),
      sql`max(${date})`.as('last'),
    ])
    .where(orderFilterSql(projectId, filter, storage.dialect, { plan }))
    .groupBy(['status', 'receipt_status']);
  const rows = await onBehalfOf(projectId, () => query.execute());
  // Postgres returns SUM(bigint) as a numeric string.
  return rows.map((row) => ({
    status: Number(row.status),
    receipt_status: Number(row.receipt_status),
    count: Number(row.count),
    amount: Number(row.amount),
    cancelled_amount: Number(row.cancelled_amount),
    first: numberOrNull(row.first),
    last: numberOrNull(row.last),
  }));
}

/** The zone's offset at `column`'s instant, as SQL: a constant, or a CASE over DST changes. */
function offsetSql(column: RawBuilder<unknown>, segments: readonly OffsetSegment[]): RawBuilder<unknown> {
  const [first, ...changes] = segments;
  if (changes.length === 0) return sql.lit(first!.offset);
  const branches = segments.slice(0, -1).map((segment, i) =>
    sql`when ${column} < ${sql.lit(segments[i + 1]!.start)} then ${sql.lit(segment.offset)}`);
  return sql`case ${sql.join(branches, sql` `)} else ${sql.lit(segments[segments.length - 1]!.offset)} end`;
}

/**
 * `GROUP BY` local day of the filter's date over [from, to): orders and paid orders per day.
 * Local days are integer arithmetic on Unix seconds, the same SQL on every dialect.
 */
export async function groupOrdersByLocalDay(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  range: { from: number; to: number; segments: readonly OffsetSegment[] },
): Promise<DayGroup[]> {
  const date = sql.ref(filter.dateField);
  const localDay = sql`(${date} + ${offsetSql(date, range.segments)}) / ${sql.lit(86_400)}`;
  const paid = sql`receipt_status = ${sql.lit(RECEIPT_STATUS.PAID)}`;
  const plan = await planKeyword(storage, projectId, filter);
  const query = storage.reads
    .selectFrom('orders')
    .select((eb) => [
      localDay.as('local_day'),
      eb.fn.countAll().as('count'),
      eb.fn.sum('price').as('amount'),
      eb.fn.sum('cancelled_price').as('cancelled_amount'),
      sql`sum(case when ${paid} then 1 else 0 end)`.as('paid_count'),
      sql`sum(case when ${paid} then price else 0 end)`.as('paid_amount'),
    ])
    .where(orderFilterSql(projectId, { ...filter, from: range.from, to: range.to }, storage.dialect, { plan }))
    .groupBy(sql`local_day`);
  const rows = await onBehalfOf(projectId, () => query.execute());
  return rows.map((row) => ({
    day: Number(row.local_day),
    count: Number(row.count),
    amount: Number(row.amount),
    cancelled_amount: Number(row.cancelled_amount),
    paid_count: Number(row.paid_count),
    paid_amount: Number(row.paid_amount),
  }));
}

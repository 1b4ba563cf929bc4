import { sql, type Kysely, type RawBuilder } from 'kysely';
import { allProjects } from './distribution.js';
import { offsetSegments } from '../domain/local-time.js';
import type { DateField } from '../domain/order-query.js';

/** The settings row naming the zone whose local days the counter rows are keyed by. */
export const COUNTERS_TIME_ZONE_SETTING = 'order_counters.time_zone';

export const COUNTER_KEY_COLUMNS = [
  'project_id', 'date_field', 'day', 'status', 'receipt_status', 'order_type', 'billing_type',
] as const;

/** The primary key: a counter key and its shard (dialect.counterShards); builds write shard 0. */
export const COUNTER_ROW_COLUMNS = [...COUNTER_KEY_COLUMNS, 'shard'] as const;

const DATE_FIELDS: readonly DateField[] = ['created_at', 'purchased_at'];

/** The zone's offset at `column`'s instant: a constant, or a CASE over the DST changes in [from, to]. */
function offsetSql(column: RawBuilder<unknown>, from: number, to: number, timeZone: string): RawBuilder<unknown> {
  const segments = offsetSegments(from, to + 1, timeZone);
  if (segments.length === 1) return sql.lit(segments[0]!.offset);
  const branches = segments.slice(0, -1).map((segment, i) =>
    sql`when ${column} < ${sql.lit(segments[i + 1]!.start)} then ${sql.lit(segment.offset)}`);
  return sql`case ${sql.join(branches, sql` `)} else ${sql.lit(segments[segments.length - 1]!.offset)} end`;
}

/**
 * The counter rows of one date field as they follow from the orders: `GROUP BY` local day and
 * dimensions. Instants are positive, so integer division is the floor on both databases.
 */
// biome-ignore lint/suspicious/noExplicitAny: migration 0005 calls this with its schema-less Kysely too
async function countedRowsQuery(db: Kysely<any>, dateField: DateField, timeZone: string, projectId?: string) {
  const column = sql.ref(dateField);
  const project = projectId === undefined ? allProjects('the counters of every project, rebuilt') : sql`and project_id = ${projectId}`;
  const span = await sql<{ first: number | null; last: number | null }>`
    select min(${column}) as first, max(${column}) as last from orders where ${column} is not null ${project}`.execute(db);
  const { first, last } = span.rows[0] ?? { first: null, last: null };
  if (first === null || last === null) return null;
  const day = sql`(${column} + ${offsetSql(column, Number(first), Number(last), timeZone)}) / 86400`;
  return sql`
    select project_id, ${sql.lit(dateField)} as date_field, ${day} as day, status, receipt_status, order_type,
      subscription_billing_type as billing_type, count(*) as orders, sum(price) as amount,
      sum(cancelled_price) as cancelled_amount
    from orders where ${column} is not null ${project}
    group by project_id, ${day}, status, receipt_status, order_type, subscription_billing_type`;
}

export interface CounterRow {
  project_id: string;
  date_field: string;
  day: number;
  status: number;
  receipt_status: number;
  order_type: string;
  billing_type: number;
  orders: number;
  amount: number;
  cancelled_amount: number;
}

/** What the counters of every project (or one) should hold, computed from the orders. */
// biome-ignore lint/suspicious/noExplicitAny: migration 0005 calls this with its schema-less Kysely too
export async function countersFromOrders(db: Kysely<any>, timeZone: string, projectId?: string): Promise<CounterRow[]> {
  const rows: CounterRow[] = [];
  for (const dateField of DATE_FIELDS) {
    const query = await countedRowsQuery(db, dateField, timeZone, projectId);
    if (!query) continue;
    const result = await (query as RawBuilder<CounterRow>).execute(db);
    for (const row of result.rows) {
      rows.push({
        ...row, day: Number(row.day), status: Number(row.status), receipt_status: Number(row.receipt_status),
        billing_type: Number(row.billing_type), orders: Number(row.orders), amount: Number(row.amount),
        cancelled_amount: Number(row.cancelled_amount),
      });
    }
  }
  return rows;
}

/**
 * Replaces the counters of every project (or one) with what the orders say, and records the zone.
 * Run it in a transaction that keeps writers out (see lockCountersForRebuild).
 */
// biome-ignore lint/suspicious/noExplicitAny: migration 0005 calls this with its schema-less Kysely too
export async function buildOrderCounters(db: Kysely<any>, timeZone: string, projectId?: string): Promise<void> {
  let remove = db.deleteFrom('order_counters');
  remove = projectId === undefined ? remove.modifyEnd(allProjects('the counters of every project, rebuilt')) : remove.where('project_id', '=', projectId);
  await remove.execute();
  for (const dateField of DATE_FIELDS) {
    const query = await countedRowsQuery(db, dateField, timeZone, projectId);
    if (!query) continue;
    await sql`insert into order_counters (${sql.join([...COUNTER_KEY_COLUMNS, 'orders', 'amount', 'cancelled_amount'].map((c) => sql.ref(c)))}) ${query}`.execute(db);
  }
  await db
    .insertInto('settings')
    .values({ name: COUNTERS_TIME_ZONE_SETTING, value: timeZone })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: timeZone }))
    .execute();
  // Fresh statistics (same statement on both databases): without them Postgres guesses one row
  // per key prefix and walks the primary key row by row (22 ms instead of 5 ms for 7,600 rows).
  await sql`analyze order_counters`.execute(db);
}

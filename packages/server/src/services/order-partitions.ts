import { sql } from 'kysely';
import {
  monthOfPartitionName, monthsAhead, PARTITIONED_TABLES, monthsBetween, parsePartitionMonth, PARTITIONS_TIME_ZONE_SETTING, type PartitionMonth,
} from '../domain/order-partitions.js';
import { buildOrderCounters } from '../storage/order-counter-build.js';
import { readCountersZone } from '../storage/order-counter-writes.js';
import { partitionOrderTables, PartitioningRefused, type ConversionReport } from '../storage/order-partition-conversion.js';
import {
  createPartitionMonth, detachBlockers, detachPartitionMonth, PartitionMonthRefused, type MonthCreation, type MonthDetachment,
} from '../storage/order-partition-months.js';
import { detachedPartitions, ordersArePartitioned, partitionsOf } from '../storage/partition-catalog.js';
import type { Storage } from '../storage/storage.js';

export { PartitioningRefused, PartitionMonthRefused };

/** Months created ahead of time unless told otherwise. */
export const DEFAULT_MONTHS_AHEAD = 3;

/** The archive schema detached months move to unless told otherwise. */
export const DEFAULT_ARCHIVE_SCHEMA = 'archive';

function requirePartitioning(storage: Storage): void {
  if (!storage.dialect.rangePartitions) {
    throw new PartitioningRefused(`monthly partitions need a postgres:// database; ${storage.description} is ${storage.dialect.name}`);
  }
}

async function requirePartitioned(storage: Storage): Promise<void> {
  requirePartitioning(storage);
  if (!(await ordersArePartitioned(storage.db))) {
    throw new PartitioningRefused('orders is not partitioned: run jumun migrate --partition-orders monthly first');
  }
}

/** The zone whose months the partitions follow, as recorded when orders were partitioned. */
export async function partitionsTimeZone(storage: Storage): Promise<string> {
  const row = await storage.db.selectFrom('settings').select('value').where('name', '=', PARTITIONS_TIME_ZONE_SETTING).executeTakeFirst();
  if (!row) throw new PartitioningRefused(`the partitions' time zone is not recorded (no '${PARTITIONS_TIME_ZONE_SETTING}' setting)`);
  return row.value;
}

/**
 * `jumun migrate --partition-orders monthly`: partitions the order tables by month, from the
 * month of the oldest order to `ahead` months after `now`, in one transaction (all or nothing),
 * then vacuums and analyzes the copies.
 */
export async function partitionOrdersMonthly(
  storage: Storage,
  { timeZone, ahead, now }: { timeZone: string; ahead: number; now: number },
): Promise<ConversionReport> {
  requirePartitioning(storage);
  const report = await storage.db.transaction().execute(async (trx) => {
    const oldest = await trx.selectFrom('orders').select((eb) => eb.fn.min('created_at').as('first')).executeTakeFirst();
    const first = oldest?.first === null || oldest?.first === undefined ? now : Math.min(Number(oldest.first), now);
    const last = monthsAhead(now, ahead, timeZone).at(-1)!;
    return partitionOrderTables(trx, monthsBetween(first, last.fromSeconds, timeZone), timeZone);
  });
  await storage.refreshCapabilities();
  // The copies have no visibility map yet: until a vacuum, every index-only scan (the counts)
  // still reads the rows. Vacuum runs outside a transaction, so after the commit.
  await storage.refreshStatistics();
  return report;
}

/** Creates each month's partitions unless they exist, each month in a transaction of its own. */
export async function createPartitionMonths(
  storage: Storage,
  months: readonly PartitionMonth[],
  { lockTimeoutMs }: { lockTimeoutMs?: number } = {},
): Promise<MonthCreation[]> {
  await requirePartitioned(storage);
  const results: MonthCreation[] = [];
  for (const month of months) {
    results.push(await storage.db.transaction().execute((trx) => createPartitionMonth(trx, month, lockTimeoutMs)));
  }
  return results;
}

/** How long a server's upkeep waits for the order tables' locks before it leaves the months for its next run. */
const UPKEEP_LOCK_TIMEOUT_MS = 5_000;

/** The month holding `now` and `ahead` more, in the recorded zone; nothing when orders are not partitioned. */
export async function ensurePartitionsAhead(storage: Storage, now: number, ahead = DEFAULT_MONTHS_AHEAD): Promise<MonthCreation[]> {
  if (!storage.dialect.rangePartitions || !(await ordersArePartitioned(storage.db))) return [];
  const months = monthsAhead(now, ahead, await partitionsTimeZone(storage));
  return (await createPartitionMonths(storage, months, { lockTimeoutMs: UPKEEP_LOCK_TIMEOUT_MS })).filter((m) => m.created);
}

/** `YYYY-MM` in the partitions' zone, or a refusal naming the expected form. */
export async function partitionMonthOf(storage: Storage, text: string): Promise<PartitionMonth> {
  const month = parsePartitionMonth(text, await partitionsTimeZone(storage));
  if (!month) throw new PartitionMonthRefused(`a month is written YYYY-MM (e.g. 2025-07), not '${text}'`);
  return month;
}

export interface PartitionListing {
  /** `YYYY-MM`, or `default`. */
  month: string;
  table: string;
  state: 'attached' | 'default' | 'detached';
  /** The id range, as written in the catalog; empty for detached tables. */
  bound: string;
  /** An exact count when asked for, the planner's estimate otherwise (null: never analyzed). */
  rows: number | null;
  exact: boolean;
}

/** The partitions of `orders`, then the detached months found in any schema. */
export async function listPartitions(storage: Storage, { exact }: { exact: boolean }): Promise<PartitionListing[]> {
  await requirePartitioned(storage);
  const listing: PartitionListing[] = [];
  const count = async (qualified: ReturnType<typeof sql.id>) =>
    Number((await sql<{ rows: string }>`select count(*) as rows from ${qualified}`.execute(storage.db)).rows[0]?.rows ?? 0);
  for (const partition of await partitionsOf(storage.db, 'orders')) {
    listing.push({
      month: partition.isDefault ? 'default' : monthOfPartitionName(partition.name) ?? partition.name,
      table: partition.name,
      state: partition.isDefault ? 'default' : 'attached',
      bound: partition.bound,
      rows: exact ? await count(sql.id(partition.name)) : partition.estimatedRows < 0 ? null : partition.estimatedRows,
      exact,
    });
  }
  const rank = (row: PartitionListing) => (row.state === 'default' ? 1 : 0);
  listing.sort((a, b) => rank(a) - rank(b) || a.month.localeCompare(b.month));
  for (const detached of await detachedPartitions(storage.db, 'orders')) {
    listing.push({
      month: monthOfPartitionName(detached.name) ?? detached.name,
      table: `${detached.schema}.${detached.name}`,
      state: 'detached',
      bound: '',
      rows: exact ? await count(sql.id(detached.schema, detached.name)) : null,
      exact,
    });
  }
  return listing;
}

/**
 * Detaches a month's partitions into `schema` and rebuilds the order counters from the orders that
 * remain, in one transaction; refused while the month has open cancellation requests or webhook
 * deliveries still to send.
 */
export async function detachMonth(storage: Storage, monthText: string, schema: string): Promise<MonthDetachment> {
  await requirePartitioned(storage);
  const month = await partitionMonthOf(storage, monthText);
  return storage.db.transaction().execute(async (trx) => {
    // In the order writers take them (orders first, counters last), so neither waits for the other in a circle.
    await sql`lock table ${sql.join(PARTITIONED_TABLES.map((t) => sql.id(t)))} in access exclusive mode`.execute(trx);
    await storage.dialect.lockTableForWrite('order_counters').execute(trx);
    const blockers = await detachBlockers(trx, month);
    if (blockers.length > 0) {
      const shown = blockers.slice(0, 10).join('; ');
      const more = blockers.length > 10 ? ` and ${blockers.length - 10} more` : '';
      throw new PartitionMonthRefused(`${month.month} stays attached while it has ${shown}${more}`);
    }
    const detached = await detachPartitionMonth(trx, month, schema);
    await buildOrderCounters(trx, await readCountersZone(trx));
    return detached;
  });
}

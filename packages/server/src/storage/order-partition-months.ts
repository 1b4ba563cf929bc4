import { sql, type Kysely } from 'kysely';
import { CANCELLATION_STATUS } from '../contract/constants.js';
import { defaultPartitionName, PARTITIONED_TABLES, partitionTableName, type PartitionMonth } from '../domain/order-partitions.js';
import { createMonthPartitions } from './order-partition-conversion.js';
import { keysReferencing, partitionsOf } from './partition-catalog.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** An operation on a month that was refused; nothing was changed. */
export class PartitionMonthRefused extends Error {}

async function monthIsAttached(db: Db, month: PartitionMonth): Promise<boolean> {
  return (await partitionsOf(db, 'orders')).some((p) => p.name === partitionTableName('orders', month));
}

/** Rows of other tables whose foreign keys point at the given orders, per table: what keeps those orders where they are. */
async function referencingRows(db: Db, where: (column: string) => ReturnType<typeof sql>): Promise<Array<{ table: string; column: string; rows: number }>> {
  const found: Array<{ table: string; column: string; rows: number }> = [];
  for (const key of await keysReferencing(db, ['orders'], PARTITIONED_TABLES)) {
    const column = key.columns.find((c) => c.to === 'order_id')?.from;
    if (!column) continue;
    const result = await sql<{ rows: string }>`select count(*) as rows from ${sql.raw(key.table)} where ${where(column)}`.execute(db);
    const rows = Number(result.rows[0]?.rows ?? 0);
    if (rows > 0) found.push({ table: key.table, column, rows });
  }
  return found;
}

const inMonth = (month: PartitionMonth) => (column: string) =>
  sql`${sql.ref(column)} >= ${month.fromId} and ${sql.ref(column)} < ${month.toId}`;

export type MonthCreation = { month: string; created: boolean; movedOrders: number };

/**
 * Creates the month's partitions of the order tables unless they exist. Orders of that month that
 * wait in the default partitions (written before it existed) move into the new partitions in the
 * same transaction; a month whose such orders other tables' rows point at is refused.
 */
export async function createPartitionMonth(db: Db, month: PartitionMonth, lockTimeoutMs?: number): Promise<MonthCreation> {
  // Waiting for a lock holds up every query that asks for one after: a server's upkeep gives up and tries again later.
  if (lockTimeoutMs !== undefined) await sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`.execute(db);
  // All three at once, before any DDL asks for more: writers then wait instead of deadlocking with it.
  await sql`lock table ${sql.join(PARTITIONED_TABLES.map((t) => sql.id(t)))} in share row exclusive mode`.execute(db);
  if (await monthIsAttached(db, month)) return { month: month.month, created: false, movedOrders: 0 };
  const waiting = await sql<{ rows: string }>`
    select count(*) as rows from ${sql.id(defaultPartitionName('orders'))} where ${inMonth(month)('order_id')}`.execute(db);
  const movedOrders = Number(waiting.rows[0]?.rows ?? 0);
  if (movedOrders === 0) {
    await createMonthPartitions(db, month);
    return { month: month.month, created: true, movedOrders };
  }
  const pinned = await referencingRows(db, (column) => sql`${sql.ref(column)} in (
    select order_id from ${sql.id(defaultPartitionName('orders'))} where ${inMonth(month)('order_id')})`);
  if (pinned.length > 0) {
    throw new PartitionMonthRefused(`${month.month}: ${movedOrders} orders of the month wait in orders_default, and `
      + `${pinned.map((p) => `${p.rows} rows of ${p.table}`).join(', ')} point at them; the month's partitions were not created`);
  }
  for (const table of PARTITIONED_TABLES) {
    await sql`create table ${sql.id(partitionTableName(table, month))} (like ${sql.id(table)} including defaults including storage including constraints)`.execute(db);
  }
  // Referencing rows leave the default partitions first, so no foreign key is broken on the way.
  for (const table of [...PARTITIONED_TABLES].reverse()) {
    await sql`with moved as (delete from ${sql.id(defaultPartitionName(table))} where ${inMonth(month)('order_id')} returning *)
      insert into ${sql.id(partitionTableName(table, month))} select * from moved`.execute(db);
  }
  for (const table of PARTITIONED_TABLES) {
    await sql`alter table ${sql.id(table)} attach partition ${sql.id(partitionTableName(table, month))}
      for values from (${sql.lit(month.fromId)}) to (${sql.lit(month.toId)})`.execute(db);
  }
  // Leaving orders_default took the numbers out of order_numbers (its trigger); attaching does not fire one.
  await sql`insert into order_numbers (project_id, order_number, order_id)
    select project_id, order_number, order_id from ${sql.id(partitionTableName('orders', month))}`.execute(db);
  return { month: month.month, created: true, movedOrders };
}

export interface MonthDetachment {
  month: string;
  schema: string;
  tables: string[];
  orders: number;
  /** Rows of other tables that pointed at the month's orders, archived beside them. */
  archivedReferences: string[];
}

/** What keeps a month attached: open cancellation requests and webhook deliveries still to send for its orders. */
export async function detachBlockers(db: Db, month: PartitionMonth): Promise<string[]> {
  const requests = await db.selectFrom('order_cancellation_requests')
    .select(['order_cancellation_request_id', 'order_id'])
    .where('status', '=', CANCELLATION_STATUS.REQUESTED)
    .where('order_id', '>=', month.fromId).where('order_id', '<', month.toId)
    .orderBy('order_cancellation_request_id').execute();
  const deliveries = await db.selectFrom('webhook_deliveries')
    .select(['delivery_id', 'order_id'])
    .where('status', '=', 'pending')
    .where('order_id', '>=', month.fromId).where('order_id', '<', month.toId)
    .orderBy('delivery_id').execute();
  return [
    ...requests.map((r) => `open cancellation request ${r.order_cancellation_request_id} (order ${r.order_id})`),
    ...deliveries.map((d) => `pending webhook delivery ${d.delivery_id} (order ${d.order_id})`),
  ];
}

/**
 * Detaches the month's partitions of the order tables and moves them, as plain tables, into
 * `schema`; rows of other tables that point at the month's orders (closed cancellation requests)
 * move there too, into tables named like theirs with the month's suffix. The caller checked
 * detachBlockers and rebuilds the order counters in the same transaction.
 */
export async function detachPartitionMonth(db: Db, month: PartitionMonth, schema: string): Promise<MonthDetachment> {
  if (!(await monthIsAttached(db, month))) throw new PartitionMonthRefused(`${month.month} has no attached partitions`);
  const counted = await sql<{ rows: string }>`select count(*) as rows from ${sql.id(partitionTableName('orders', month))}`.execute(db);
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const archivedReferences: string[] = [];
  for (const key of await keysReferencing(db, ['orders'], PARTITIONED_TABLES)) {
    const column = key.columns.find((c) => c.to === 'order_id')?.from;
    if (!column) continue;
    const archived = `${key.table.replace(/^.*\./, '').replaceAll('"', '')}_${month.suffix}`;
    await sql`create table if not exists ${sql.id(schema, archived)} (like ${sql.raw(key.table)} including defaults)`.execute(db);
    const moved = await sql`with moved as (delete from ${sql.raw(key.table)} where ${inMonth(month)(column)} returning *)
      insert into ${sql.id(schema, archived)} select * from moved`.execute(db);
    archivedReferences.push(`${Number(moved.numAffectedRows ?? 0)} rows of ${key.table} → ${schema}.${archived}`);
  }
  const tables: string[] = [];
  for (const table of [...PARTITIONED_TABLES].reverse()) {
    const partition = partitionTableName(table, month);
    await sql`alter table ${sql.id(table)} detach partition ${sql.id(partition)}`.execute(db);
    // A detached table keeps copies of its parent's foreign keys; those to the live orders go, or
    // detaching the month's orders would be refused for the archived rows pointing at them.
    const keys = await sql<{ name: string }>`select conname as name from pg_constraint
      where conrelid = ${partition}::regclass and contype = 'f'
        and confrelid = any(array(select t::regclass from unnest(${sql.val([...PARTITIONED_TABLES])}::text[]) t))`.execute(db);
    for (const key of keys.rows) await sql`alter table ${sql.id(partition)} drop constraint ${sql.id(key.name)}`.execute(db);
    await sql`alter table ${sql.id(partition)} set schema ${sql.id(schema)}`.execute(db);
    tables.push(`${schema}.${partition}`);
  }
  // Numbers of archived orders leave with them (the trigger sees no delete when a partition goes).
  await sql`delete from order_numbers where ${inMonth(month)('order_id')}`.execute(db);
  return { month: month.month, schema, tables: tables.reverse(), orders: Number(counted.rows[0]?.rows ?? 0), archivedReferences };
}

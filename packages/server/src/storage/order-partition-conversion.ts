import { sql, type Kysely } from 'kysely';
import {
  defaultPartitionName, PARTITIONED_TABLES, partitionTableName, PARTITIONS_TIME_ZONE_SETTING, type PartitionMonth,
} from '../domain/order-partitions.js';
import { columnCollation, keysReferencing, ordersArePartitioned, sortsHexByteWise, tableDefinitions, type TableDefinitions } from './partition-catalog.js';
import { postgresCapabilities } from './dialect.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Why a conversion did not start; nothing was changed. */
export class PartitioningRefused extends Error {}

/** The columns whose uniqueness per project the order_numbers table keeps once `orders` is partitioned. */
const ORDER_NUMBER_KEY = ['project_id', 'order_number'];

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** `CREATE UNIQUE INDEX x ON …` as a plain index of the same name and columns. */
const withoutUnique = (definition: string) => definition.replace(/^\s*create\s+unique\s+index\s/i, 'CREATE INDEX ');


/** Creates the month's (empty) partition of each order table. */
export async function createMonthPartitions(db: Db, month: PartitionMonth, parentOf: (table: string) => string = (t) => t): Promise<void> {
  for (const table of PARTITIONED_TABLES) {
    await sql`create table ${sql.id(partitionTableName(table, month))} partition of ${sql.id(parentOf(table))}
      for values from (${sql.lit(month.fromId)}) to (${sql.lit(month.toId)})`.execute(db);
  }
}

/** Refusals found before anything changes: each says what is wrong and what to do. */
async function checkConvertible(db: Db, definitions: TableDefinitions[]): Promise<void> {
  if (await ordersArePartitioned(db)) throw new PartitioningRefused('orders is already partitioned (see jumun partitions list)');
  for (const table of PARTITIONED_TABLES) {
    const collation = await columnCollation(db, table, 'order_id');
    if (!(await sortsHexByteWise(db, collation))) {
      throw new PartitioningRefused(`${table}.order_id sorts by the collation "${collation}", in which hex digits do not sort byte-wise ('9f' < 'a0', '09' < '0a'); `
        + `month ranges of order ids need it: alter the column to COLLATE "C" first`);
    }
  }
  for (const { table, constraints, indexes } of definitions) {
    const key = constraints.find((c) => c.type === 'p');
    if (!key?.columns.includes('order_id')) throw new PartitioningRefused(`${table} has no primary key containing order_id`);
    for (const unique of [...constraints.filter((c) => c.type === 'u' || c.type === 'x'), ...indexes.filter((i) => i.unique)]) {
      const kept = table === 'orders' && sameColumns(unique.columns, ORDER_NUMBER_KEY);
      if (!kept && !unique.columns.includes('order_id')) {
        throw new PartitioningRefused(`${table}: the unique ${unique.name} (${unique.columns.join(', ') || 'an expression'}) does not contain order_id, `
          + `so a partitioned table cannot enforce it`);
      }
    }
  }
  const mismatched = await sql<{ order_id: string; created_at: number }>`
    select order_id, created_at from orders where left(order_id, 8) <> lpad(to_hex(created_at), 8, '0') limit 5`.execute(db);
  if (mismatched.rows.length > 0) {
    throw new PartitioningRefused(`orders whose id does not begin with the hex digits of created_at cannot be placed by month: `
      + mismatched.rows.map((row) => `${row.order_id} (created_at ${row.created_at})`).join(', '));
  }
}

/**
 * The non-partitioned table that keeps order numbers unique per project (a unique index of a
 * partitioned table must contain its partition key), filled by a trigger on orders: a duplicate
 * number still fails its insert as a unique violation (SQLSTATE 23505).
 */
async function createOrderNumbers(db: Db): Promise<void> {
  await sql`create table order_numbers (
    project_id text not null, order_number text collate "C" not null, order_id text collate "C" not null,
    constraint pk_order_numbers primary key (project_id, order_number))`.execute(db);
  await sql`insert into order_numbers (project_id, order_number, order_id) select project_id, order_number, order_id from orders`.execute(db);
  await sql.raw(`create function orders_keep_order_numbers() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        delete from order_numbers where project_id = old.project_id and order_number = old.order_number and order_id = old.order_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into order_numbers (project_id, order_number, order_id) values (new.project_id, new.order_number, new.order_id);
      end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger orders_order_numbers after insert or delete or update of project_id, order_number, order_id on orders
    for each row execute function orders_keep_order_numbers()`.execute(db);
}

export interface ConversionReport {
  months: string[];
  rows: Record<string, number>;
  indexes: number;
  constraints: number;
  referencingKeys: string[];
}

/**
 * Turns orders, order_products and order_status_history into tables partitioned by RANGE
 * (order_id), one partition per month plus a default one each, in the caller's transaction. Their
 * indexes, constraints, foreign keys and triggers are read from the catalog and made again on the
 * partitioned tables once the rows are copied (one sort per index instead of row-by-row inserts);
 * foreign keys of other tables to them are pointed at the new tables.
 */
export async function partitionOrderTables(db: Db, months: readonly PartitionMonth[], timeZone: string): Promise<ConversionReport> {
  await sql`lock table ${sql.join(PARTITIONED_TABLES.map((t) => sql.id(t)))} in access exclusive mode`.execute(db);
  const definitions: TableDefinitions[] = [];
  for (const table of PARTITIONED_TABLES) definitions.push(await tableDefinitions(db, table));
  await checkConvertible(db, definitions);
  const referencing = await keysReferencing(db, PARTITIONED_TABLES);
  for (const statement of postgresCapabilities.indexBuildSettings) await sql.raw(statement).execute(db);

  const staging = (table: string) => `${table}__partitioned`;
  for (const table of PARTITIONED_TABLES) {
    await sql`create table ${sql.id(staging(table))} (like ${sql.id(table)} including defaults including generated
      including identity including storage including comments) partition by range (order_id)`.execute(db);
    await sql`create table ${sql.id(defaultPartitionName(table))} partition of ${sql.id(staging(table))} default`.execute(db);
  }
  for (const month of months) await createMonthPartitions(db, month, staging);
  const rows: Record<string, number> = {};
  for (const table of PARTITIONED_TABLES) {
    const copied = await sql`insert into ${sql.id(staging(table))} select * from ${sql.id(table)}`.execute(db);
    rows[table] = Number(copied.numAffectedRows ?? 0);
  }
  for (const key of referencing) await sql`alter table ${sql.raw(key.table)} drop constraint ${sql.id(key.name)}`.execute(db);
  await sql`drop table ${sql.join([...PARTITIONED_TABLES].reverse().map((t) => sql.id(t)))}`.execute(db);
  for (const table of PARTITIONED_TABLES) await sql`alter table ${sql.id(staging(table))} rename to ${sql.id(table)}`.execute(db);

  let indexes = 0;
  let constraints = 0;
  for (const { table, constraints: own, indexes: plain } of definitions) {
    for (const constraint of own) {
      if (constraint.type === 'u' && table === 'orders' && sameColumns(constraint.columns, ORDER_NUMBER_KEY)) {
        await sql`create index ${sql.id(constraint.name)} on orders (project_id, order_number)`.execute(db);
        indexes++;
        continue;
      }
      await sql`alter table ${sql.id(table)} add constraint ${sql.id(constraint.name)} ${sql.raw(constraint.definition)}`.execute(db);
      constraints++;
    }
    for (const index of plain) {
      await sql.raw(index.unique && !index.columns.includes('order_id') ? withoutUnique(index.definition) : index.definition).execute(db);
      indexes++;
    }
  }
  for (const { table, foreignKeys, triggers } of definitions) {
    for (const key of foreignKeys) {
      await sql`alter table ${sql.id(table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(db);
      constraints++;
    }
    for (const trigger of triggers) await sql.raw(trigger.definition).execute(db);
  }
  // The prefix of an id is its creation second, so each month's partition holds that month's orders.
  await sql`alter table orders add constraint ck_orders_id_created_at check (left(order_id, 8) = lpad(to_hex(created_at), 8, '0'))`.execute(db);
  constraints++;
  await createOrderNumbers(db);
  for (const key of referencing) {
    await sql`alter table ${sql.raw(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(db);
  }
  await db.insertInto('settings').values({ name: PARTITIONS_TIME_ZONE_SETTING, value: timeZone })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: timeZone })).execute();
  // The partitioned tables get their statistics from the vacuum after the commit (partitionOrdersMonthly).
  await sql`analyze order_numbers`.execute(db);
  return {
    months: months.map((m) => m.month),
    rows,
    indexes,
    constraints,
    referencingKeys: referencing.map((key) => `${key.table}.${key.name}`),
  };
}

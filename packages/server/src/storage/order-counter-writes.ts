import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { counterDeltas, type CountedOrder, type CounterChange, type CounterDelta } from '../domain/order-counters.js';
import { COUNTER_ROW_COLUMNS, COUNTERS_TIME_ZONE_SETTING } from './order-counter-build.js';
import type { DialectCapabilities } from './dialect.js';
import type { Database } from './schema.js';
import type { BulkInsert } from './storage.js';

const COLUMNS = [...COUNTER_ROW_COLUMNS, 'orders', 'amount', 'cancelled_amount'] as const;
const TYPES = ['text', 'text', 'integer', 'integer', 'integer', 'text', 'integer', 'integer', 'bigint', 'bigint', 'bigint'] as const;
const ROWS_PER_STATEMENT = 1_000;
/** Rebuilds in another zone that keep overtaking this write; one is already rare. */
const ZONE_ATTEMPTS = 5;

/**
 * The zone the counters were last seen built in. Every upsert checks it against the settings row
 * in the same statement, so a stale guess (a rebuild in another zone, another database) only costs
 * a retry, never a row in the wrong day.
 */
let assumedZone: string | null = null;

export async function readCountersZone(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', COUNTERS_TIME_ZONE_SETTING).executeTakeFirst();
  if (!row) throw new Error(`The order counters are missing (no '${COUNTERS_TIME_ZONE_SETTING}' setting): run jumun migrate`);
  assumedZone = row.value;
  return row.value;
}

export async function countersZone(db: Kysely<Database>): Promise<string> {
  return assumedZone ?? readCountersZone(db);
}

/** Called when a read saw the settings row name another zone than the one assumed. */
export function noteCountersZone(zone: string): void {
  assumedZone = zone;
}

const UPSERT_TAIL = `on conflict (${COUNTER_ROW_COLUMNS.join(', ')}) do update set
  orders = order_counters.orders + excluded.orders, amount = order_counters.amount + excluded.amount,
  cancelled_amount = order_counters.cancelled_amount + excluded.cancelled_amount`;

/** Adds the deltas to their rows, only if the counters are still keyed by `zone`; the rows it changed. */
async function upsertDeltas(trx: Kysely<Database>, deltas: readonly CounterDelta[], zone: string, shard: number): Promise<number> {
  const cell = (value: unknown, i: number) => sql`cast(${value} as ${sql.raw(TYPES[i]!)})`;
  const rows = deltas.map((d) => sql`(${sql.join(COLUMNS.map((c, i) => cell(c === 'shard' ? shard : d[c], i)))})`);
  const result = await sql`
    insert into order_counters (${sql.join(COLUMNS.map((c) => sql.ref(c)))})
    select ${sql.raw(COLUMNS.map((_, i) => `column${i + 1}`).join(', '))} from (values ${sql.join(rows)}) as deltas
    where exists (select 1 from settings where name = ${COUNTERS_TIME_ZONE_SETTING} and value = ${zone})
    ${sql.raw(UPSERT_TAIL)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The row of each key a live write adds to: any of the dialect's shards, at random. */
export function pickCounterShard(dialect: DialectCapabilities): number {
  return Math.floor(Math.random() * dialect.counterShards);
}

/**
 * Applies orders entering and leaving the counters, inside the caller's transaction (the one that
 * writes the orders). Row locks are taken in key order, and on Postgres a rebuild holds an
 * exclusive table lock, so an upsert either lands before a rebuild or sees its new zone.
 */
export async function applyCounterChanges(trx: Kysely<Database>, changes: readonly CounterChange[], shard = 0): Promise<void> {
  if (changes.length === 0) return;
  let zone = await countersZone(trx);
  for (let attempt = 1; ; attempt++) {
    const deltas = counterDeltas(changes, zone);
    if (deltas.length === 0) return;
    let changed = 0;
    for (let i = 0; i < deltas.length; i += ROWS_PER_STATEMENT) {
      const chunk = deltas.slice(i, i + ROWS_PER_STATEMENT);
      const rows = await upsertDeltas(trx, chunk, zone, shard);
      // Once the first statement landed the zone is pinned for the rest of the transaction.
      if (rows === 0 && i === 0) break;
      changed += rows;
    }
    if (changed > 0) return;
    if (attempt >= ZONE_ATTEMPTS) throw new Error('The order counters were rebuilt in another time zone during the write; retry');
    zone = await readCountersZone(trx);
  }
}

/** The counter changes of a bulk insert: every inserted order enters the counters. */
export function insertedOrders(inserts: readonly BulkInsert[]): CounterChange[] {
  const changes: CounterChange[] = [];
  const ofOrders = (insert: BulkInsert): insert is BulkInsert<'orders'> => insert.table === 'orders';
  for (const { rows } of inserts.filter(ofOrders)) {
    for (const row of rows) {
      // Rows come from orderToRow, whose types are the domain's; the table's columns are wider.
      changes.push({ order: { ...row, purchased_at: row.purchased_at ?? null } as CountedOrder, sign: 1 });
    }
  }
  return changes;
}

/**
 * SQLite's bulk insert is one synchronous transaction that already holds the write lock when this
 * runs, so the zone read here cannot change before the commit.
 */
export function sqliteCounterWriter(database: SqliteDatabase.Database) {
  // Prepared on first use: the storage opens before the migrations create the table.
  let statements: { readZone: SqliteDatabase.Statement; upsert: SqliteDatabase.Statement } | null = null;
  return (changes: readonly CounterChange[]): void => {
    if (changes.length === 0) return;
    statements ??= {
      readZone: database.prepare('select value from settings where name = ?').pluck(),
      upsert: database.prepare(
        `insert into order_counters (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) ${UPSERT_TAIL}`,
      ),
    };
    const { readZone, upsert } = statements;
    const zone = readZone.get(COUNTERS_TIME_ZONE_SETTING) as string | undefined;
    if (zone === undefined) throw new Error(`The order counters are missing (no '${COUNTERS_TIME_ZONE_SETTING}' setting): run jumun migrate`);
    for (const delta of counterDeltas(changes, zone)) upsert.run(COLUMNS.map((c) => (c === 'shard' ? 0 : delta[c])));
  };
}

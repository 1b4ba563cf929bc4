import { nowSeconds } from '../domain/timestamps.js';
import {
  createPartitionMonths, DEFAULT_ARCHIVE_SCHEMA, DEFAULT_MONTHS_AHEAD, detachMonth, listPartitions, partitionMonthOf, partitionsTimeZone,
} from '../services/order-partitions.js';
import { monthsAhead } from '../domain/order-partitions.js';
import { databaseUrl, integerOption, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

export const PARTITIONS_USAGE = `partitions list [--exact] [--db URL]
  partitions create [--months-ahead N | --month YYYY-MM] [--db URL]
  partitions detach YYYY-MM [--archive-schema NAME] [--db URL]
      monthly partitions of orders (Postgres, after migrate --partition-orders monthly): list them (row estimates,
      --exact counts), create months ahead (default ${DEFAULT_MONTHS_AHEAD}) or one month, detach a month into an archive
      schema (default ${DEFAULT_ARCHIVE_SCHEMA}); orders of a new month waiting in the default partition move into it`;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function list(db: string, exact: boolean): Promise<void> {
  await withStorage(db, async (storage) => {
    const rows = await listPartitions(storage, { exact });
    const zone = await partitionsTimeZone(storage);
    console.log(`partitions of orders (months in ${zone}; rows ${exact ? 'counted' : 'estimated'}):`);
    console.log(['month', 'state', 'rows', 'table', 'bounds'].join('\t'));
    for (const row of rows) {
      console.log([row.month, row.state, row.rows === null ? '?' : String(row.rows), row.table, row.bound].join('\t'));
    }
  });
}

async function create(db: string, values: { 'months-ahead'?: string; month?: string }): Promise<void> {
  if (values.month !== undefined && values['months-ahead'] !== undefined) {
    throw new UsageError('partitions create takes --months-ahead N or --month YYYY-MM, not both');
  }
  const ahead = integerOption('months-ahead', values['months-ahead'], DEFAULT_MONTHS_AHEAD);
  if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) {
    throw new UsageError(`--month takes YYYY-MM (e.g. 2025-07), got '${values.month}'`);
  }
  await withStorage(db, async (storage) => {
    const months = values.month !== undefined
      ? [await partitionMonthOf(storage, values.month)]
      : monthsAhead(nowSeconds(), ahead, await partitionsTimeZone(storage));
    for (const result of await createPartitionMonths(storage, months)) {
      const moved = result.movedOrders > 0 ? `, ${result.movedOrders} orders moved in from the default partition` : '';
      console.log(`${result.month}: ${result.created ? `created${moved}` : 'exists'}`);
    }
  });
}

async function detach(db: string, month: string | undefined, schema: string): Promise<void> {
  if (month === undefined || !/^\d{4}-\d{2}$/.test(month)) {
    throw new UsageError(`partitions detach takes a month YYYY-MM (e.g. 2024-07), got '${month ?? ''}'`);
  }
  if (!SCHEMA_NAME.test(schema)) {
    throw new UsageError(`--archive-schema takes a lower-case name of letters, digits and _ (e.g. archive), got '${schema}'`);
  }
  await withStorage(db, async (storage) => {
    const result = await detachMonth(storage, month, schema);
    console.log(`${result.month}: detached ${result.orders} orders; now plain tables ${result.tables.join(', ')}`);
    for (const moved of result.archivedReferences) console.log(`  ${moved}`);
    console.log('  order counters rebuilt from the orders that remain');
  });
}

/** `jumun partitions list|create|detach` */
export async function partitionsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    db: { type: 'string' },
    exact: { type: 'boolean' },
    'months-ahead': { type: 'string' },
    month: { type: 'string' },
    'archive-schema': { type: 'string' },
  } });
  const [action, ...rest] = positionals;
  const db = databaseUrl(values.db);
  if (action === 'list' && rest.length === 0) return list(db, values.exact === true);
  if (action === 'create' && rest.length === 0) return create(db, values);
  if (action === 'detach' && rest.length <= 1) return detach(db, rest[0], values['archive-schema'] ?? DEFAULT_ARCHIVE_SCHEMA);
  throw new UsageError(`usage: jumun ${PARTITIONS_USAGE}`);
}

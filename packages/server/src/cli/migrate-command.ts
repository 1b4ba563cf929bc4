import { serviceConfig } from '../config.js';
import { nowSeconds } from '../domain/timestamps.js';
import { DEFAULT_MONTHS_AHEAD, partitionOrdersMonthly } from '../services/order-partitions.js';
import { databaseUrl, integerOption, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

export const MIGRATE_USAGE = `migrate [--db URL] [--partition-orders monthly [--months-ahead N] [--time-zone TZ]]
      --partition-orders monthly (Postgres): orders, their products and history partitioned by creation month
      (months in TZ, default JUMUN_TIME_ZONE), N months ahead (default ${DEFAULT_MONTHS_AHEAD}); see docs/postgres.md`;

/** `jumun migrate [--partition-orders monthly [--months-ahead N] [--time-zone TZ]]` */
export async function migrateCommand(args: string[]): Promise<void> {
  const { values } = parseOptions({ args, allowPositionals: true, options: {
    db: { type: 'string' },
    'partition-orders': { type: 'string' },
    'months-ahead': { type: 'string' },
    'time-zone': { type: 'string' },
  } });
  const partitioning = values['partition-orders'];
  if (partitioning !== undefined && partitioning !== 'monthly') {
    throw new UsageError(`--partition-orders takes 'monthly', got '${partitioning}'`);
  }
  if (partitioning === undefined && (values['months-ahead'] !== undefined || values['time-zone'] !== undefined)) {
    throw new UsageError('--months-ahead and --time-zone go with --partition-orders monthly');
  }
  const ahead = integerOption('months-ahead', values['months-ahead'], DEFAULT_MONTHS_AHEAD);
  const { timeZone } = serviceConfig({ timeZone: values['time-zone'] });
  await withStorage(databaseUrl(values.db), async (storage) => {
    console.log(`migrated ${storage.description}`);
    if (partitioning === undefined) return;
    const started = Date.now();
    const report = await partitionOrdersMonthly(storage, { timeZone, ahead, now: nowSeconds() });
    const rows = Object.entries(report.rows).map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`).join(', ');
    console.log(`partitioned orders, order_products and order_status_history by month in ${timeZone}:`);
    console.log(`  ${report.months.length} months ${report.months[0]} … ${report.months.at(-1)} and a default partition each`);
    console.log(`  copied ${rows}; rebuilt ${report.indexes} indexes and ${report.constraints} constraints`);
    console.log('  order numbers stay unique per project through the order_numbers table');
    if (report.referencingKeys.length > 0) console.log(`  foreign keys pointed at the new tables: ${report.referencingKeys.join(', ')}`);
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s, vacuum (analyze) of the new tables included`);
  });
}

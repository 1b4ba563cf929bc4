import { citusStatements } from '../storage/distribution.js';
import { parseOptions, UsageError } from './options.js';

export const DISTRIBUTION_USAGE = `distribution [--partitioned]
      prints the Citus statements that place every table (reference or distributed by project_id),
      in the order to run them; --partitioned: for a database whose orders are partitioned by month
      (it adds order_numbers); see docs/postgres.md, "Distributing by project (Citus)"`;

/** `jumun distribution`: the statements of storage/distribution.ts; touches no database. */
export async function distributionCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: { partitioned: { type: 'boolean' } } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}': usage: jumun distribution [--partitioned]`);
  console.log(citusStatements({ partitioned: values.partitioned === true }).join('\n'));
}

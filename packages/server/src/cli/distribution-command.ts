import { citusStatements } from '../storage/distribution.js';
import { parseOptions, UsageError } from './options.js';

export const DISTRIBUTION_USAGE = `distribution
      prints the Citus statements that place every table (reference or distributed by project_id),
      in the order to run them; see docs/postgres.md, "Distributing by project (Citus)"`;

/** `jumun distribution`: the statements of storage/distribution.ts; touches no database. */
export async function distributionCommand(args: string[]): Promise<void> {
  const { positionals } = parseOptions({ args, allowPositionals: true, options: {} });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}': usage: jumun distribution`);
  console.log(citusStatements().join('\n'));
}

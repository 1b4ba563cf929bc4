import { verifyOrderCounters, type CounterDifference } from '../services/order-counters.js';
import { findProjectByName } from '../storage/project-repository.js';
import { databaseUrl, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

const USAGE = 'usage: jumun counts verify [--repair] [--project NAME] [--db URL]';

function describe(difference: CounterDifference, projectName: (id: string) => string): string {
  const { key, expected, stored } = difference;
  return `  ${projectName(key.project_id)} ${key.date_field} ${difference.date} status=${key.status} `
    + `payment_status=${key.receipt_status} order_type=${key.order_type} billing_type=${key.billing_type}: `
    + `expected ${expected.orders} orders / ${expected.amount}, stored ${stored.orders} / ${stored.amount}`;
}

/** `jumun counts verify [--repair] [--project NAME]`: exit 1 when counters differ and were not repaired. */
export async function countsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    repair: { type: 'boolean' },
    project: { type: 'string' },
    db: { type: 'string' },
  } });
  if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError(USAGE);
  return withStorage(databaseUrl(values.db), async (storage) => {
    let projectId: string | undefined;
    if (values.project !== undefined) {
      const project = await findProjectByName(storage, values.project);
      if (!project) throw new Error(`no project named '${values.project}'`);
      projectId = project.project_id;
    }
    const check = await verifyOrderCounters(storage, { projectId, repair: values.repair === true });
    const names = new Map<string, string>();
    const projects = await storage.db.selectFrom('projects').select(['project_id', 'name']).execute();
    for (const project of projects) names.set(project.project_id, project.name);
    const scope = values.project === undefined ? 'every project' : `project ${values.project}`;
    if (check.differences.length === 0) {
      console.log(`order counters of ${scope} match the orders (${check.rows} rows, days in ${check.timeZone})`);
      return 0;
    }
    const rows = check.differences.length === 1 ? '1 row differs' : `${check.differences.length} rows differ`;
    console.log(`order counters of ${scope}: ${rows} from the orders (days in ${check.timeZone}):`);
    for (const difference of check.differences) console.log(describe(difference, (id) => names.get(id) ?? id));
    if (check.repaired) {
      console.log(`repaired: the counters of ${scope} were rebuilt from the orders`);
      return 0;
    }
    console.log('run again with --repair to rebuild them from the orders');
    return 1;
  });
}

import { countsCommand } from './counts-command.js';
import { demoDataCommand } from './demo-data-command.js';
import { DISTRIBUTION_USAGE, distributionCommand } from './distribution-command.js';
import { importCommand } from './import-command.js';
import { keysCommand } from './keys-command.js';
import { MIGRATE_USAGE, migrateCommand } from './migrate-command.js';
import { OPERATORS_USAGE, operatorsCommand } from './operators-command.js';
import { UsageError } from './options.js';
import { PARTITIONS_USAGE, partitionsCommand } from './partitions-command.js';
import { serveCommand } from './serve-command.js';
import { webhooksCommand, WEBHOOKS_USAGE } from './webhooks-command.js';

/** Each command's usage, shown by `jumun <command> --help` and in the overview. */
const COMMAND_USAGE: Record<string, string> = {
  serve: `serve [--port N] [--host H] [--db URL] [--db-replica URL …] [--time-zone TZ] [--demo]
      the API and the console; --demo creates the demo project and its orders on first start`,
  keys: `keys create --project NAME [--scope read|write] [--db URL] [--json]
  keys revoke --client-key KEY [--db URL]`,
  'demo-data': 'demo-data --project NAME --orders N [--seed S] [--now ISO] [--db URL] [--time-zone TZ]',
  import: `import --project NAME [--db URL] [--format csv|ndjson] [--encoding utf-8|cp949] [--batch N] [--time-zone TZ] FILE
      NDJSON or CSV orders (gzipped too); bad lines are reported and skipped (exit 1), a re-run adds nothing;
      malformed CSV imports nothing; CSV that is not UTF-8 is read as CP949 unless --encoding says otherwise`,
  operators: OPERATORS_USAGE,
  migrate: MIGRATE_USAGE,
  partitions: PARTITIONS_USAGE,
  counts: `counts verify [--repair] [--project NAME] [--db URL]
      compares the maintained order counters with the orders; exit 1 when they differ (--repair rebuilds them)`,
  webhooks: WEBHOOKS_USAGE,
  distribution: DISTRIBUTION_USAGE,
};

const ENVIRONMENT = `--db takes sqlite:PATH (default sqlite:./data/jumun.sqlite) or postgres://…; env DATABASE_URL, PORT, HOST,
JUMUN_TIME_ZONE (default Asia/Seoul), JUMUN_HASH_KEY, JUMUN_METRICS_TOKEN (turns on /metrics), LOG_LEVEL;
DATABASE_REPLICA_URLS (postgres:// read replicas, comma-separated), JUMUN_REPLICA_MAX_LAG_MS (default 5000).`;

const USAGE = `usage: jumun <command> [options]

${Object.values(COMMAND_USAGE).map((usage) => `  ${usage}`).join('\n')}

${ENVIRONMENT}`;

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

/** A command ends with its exit code, or with nothing for 0. */
const COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  serve: serveCommand,
  keys: keysCommand,
  'demo-data': demoDataCommand,
  import: importCommand,
  operators: operatorsCommand,
  migrate: migrateCommand,
  partitions: partitionsCommand,
  counts: countsCommand,
  webhooks: webhooksCommand,
  distribution: distributionCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || isHelp(name) || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`jumun: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  if (args.some(isHelp)) {
    console.log(`usage: jumun ${COMMAND_USAGE[name]}\n\n${ENVIRONMENT}`);
    return 0;
  }
  try {
    const code = await command(args);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`jumun ${name}: ${error.message}`);
      return 2;
    }
    console.error(`jumun ${name}: ${(error as Error).message}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// `serve` keeps running; every other command ends here.
if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;

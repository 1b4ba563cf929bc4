import { countsCommand } from './counts-command.js';
import { demoDataCommand } from './demo-data-command.js';
import { importCommand } from './import-command.js';
import { keysCommand } from './keys-command.js';
import { migrateCommand } from './migrate-command.js';
import { UsageError } from './options.js';
import { serveCommand } from './serve-command.js';

const USAGE = `usage: jumun <command> [options]

  serve [--port N] [--host H] [--db URL] [--time-zone TZ] [--demo]
  keys create --project NAME [--db URL] [--json]
  keys revoke --client-key KEY [--db URL]
  demo-data --project NAME --orders N [--seed S] [--now ISO] [--db URL]
  import --project NAME [--db URL] [--format csv|ndjson] [--batch N] [--time-zone TZ] FILE
      NDJSON or CSV orders (gzipped too); bad lines are reported and skipped (exit 1), a re-run adds nothing
  migrate [--db URL]
  counts verify [--repair] [--project NAME] [--db URL]
      compares the maintained order counters with the orders; exit 1 when they differ (--repair rebuilds them)

--db takes sqlite:PATH (default sqlite:./data/jumun.sqlite) or postgres://…; env DATABASE_URL, PORT, HOST,
JUMUN_TIME_ZONE (default Asia/Seoul), JUMUN_HASH_KEY, LOG_LEVEL.`;

/** A command ends with its exit code, or with nothing for 0. */
const COMMANDS: Record<string, (args: string[]) => Promise<void | number>> = {
  serve: serveCommand,
  keys: keysCommand,
  'demo-data': demoDataCommand,
  import: importCommand,
  migrate: migrateCommand,
  counts: countsCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`jumun: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return (await command(args)) ?? 0;
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

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The repository root: this file runs as packages/server/dist/bench/options.js. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface BenchOptions {
  orders: number;
  seed: number;
  /** `sqlite:PATH` or `postgres://…`. */
  dbUrl: string;
  /** True when the URL is the default file under bench-data/ (the bench may recreate it). */
  defaultDb: boolean;
  /** Seconds of load per scenario. */
  duration: number;
  connections: number;
  /** Upper bound of raw SQL iterations per scenario (also bounded by time). */
  rawIterations: number;
  /** Only these scenarios (by key), or all. */
  only?: string[];
  /** Load the data set and stop. */
  loadOnly: boolean;
  /** Print each scenario's query plans (count and page) instead of measuring. */
  explain: boolean;
  /** Write the report into docs/benchmarks.md. */
  writeDocs: boolean;
  /** Also measure create throughput and the import rate. */
  writes: boolean;
  writesOrders: number;
  /** The command line as typed, for the report. */
  command: string;
}

export const USAGE = `npm run bench -- [--orders N] [--seed S] [--db URL] [--duration S] [--connections C]
                    [--raw-iterations N] [--only key,key] [--load-only] [--explain] [--no-docs]
                    [--no-writes] [--writes-orders N]

  --orders N          demo orders in the data set (default 1000000), all projects together: half
                      in the measured project 'bench', the rest in three others, interleaved
  --seed S            demo data seed (default 1)
  --db URL            sqlite:PATH or postgres://… (default sqlite:bench-data/orders-N-seed-S.sqlite);
                      a Postgres database is created when missing, loaded when it lacks the data set
  --duration S        seconds of HTTP load per scenario (default 5)
  --connections C     concurrent HTTP connections (default 8)
  --raw-iterations N  at most N timed runs of each scenario's raw SQL (default 200, ~3 s cap)
  --only a,b          run only these scenarios (keys as printed)
  --load-only         prepare the data set and stop
  --explain           print the database's plan for each scenario's count and page, measure nothing
  --no-docs           print the report but leave docs/benchmarks.md alone (so does --only)
  --no-writes         skip the writes part (create throughput over HTTP, import rate)
  --writes-orders N   orders imported by the writes part (default 100000); creates are a fiftieth`;

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const text = value.replaceAll('_', '').replaceAll(',', '');
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new Error(`--${name} must be an integer ≥ ${min}, got '${value}'\n\n${USAGE}`);
  }
  return Number(text);
}

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      orders: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'raw-iterations': { type: 'string' },
      only: { type: 'string' },
      'load-only': { type: 'boolean' },
      explain: { type: 'boolean' },
      'no-docs': { type: 'boolean' },
      'no-writes': { type: 'boolean' },
      'writes-orders': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const orders = integer('orders', values.orders, 1_000_000, 1);
  const seed = integer('seed', values.seed, 1, 0);
  const defaultDb = values.db === undefined;
  const dbUrl = values.db ?? `sqlite:${resolve(REPO_ROOT, 'bench-data', `orders-${orders}-seed-${seed}.sqlite`)}`;
  if (!dbUrl.startsWith('sqlite:') && !/^postgres(ql)?:\/\//.test(dbUrl)) {
    throw new Error(`--db must be sqlite:PATH or postgres://…, got '${dbUrl.split('@').pop()}'`);
  }
  return {
    orders,
    seed,
    dbUrl,
    defaultDb,
    duration: integer('duration', values.duration, 5, 1),
    connections: integer('connections', values.connections, 8, 1),
    rawIterations: integer('raw-iterations', values['raw-iterations'], 200, 1),
    ...(values.only ? { only: values.only.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    loadOnly: values['load-only'] ?? false,
    explain: values.explain ?? false,
    writeDocs: !(values['no-docs'] ?? false),
    writes: !(values['no-writes'] ?? false),
    writesOrders: integer('writes-orders', values['writes-orders'], 100_000, 1_000),
    command: ['npm run bench', ...(args.length > 0 ? ['--', ...args.map(redactArg)] : [])].join(' '),
  };
}

/** A database URL in the report never shows a password. */
export function redactUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return safe.toString();
}

function redactArg(arg: string): string {
  return /^postgres(ql)?:\/\//.test(arg) ? redactUrl(arg) : arg;
}

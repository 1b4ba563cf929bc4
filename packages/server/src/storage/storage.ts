import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Insertable } from 'kysely';
import { postgresBulkInsert } from './postgres-bulk-insert.js';
import { sqliteBulkInsert } from './sqlite-bulk-insert.js';
import { createPostgresPool, positiveInteger, postgresPoolOptions, type PostgresPoolOptions } from './postgres-pool.js';
import { partitionedPostgresCapabilities, postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect.js';
import { ordersArePartitioned } from './partition-catalog.js';
import type { SlotStats } from './fair-slots.js';
import { SqliteReaders, SqliteReadersDialect, type SqliteReaderOptions } from './sqlite-readers.js';
import { buildDeferredIndexes } from './deferred-indexes.js';
import { MIGRATIONS } from './migrations/index.js';
import { queryObserver, type QueryListener } from './query-observer.js';
import { ReplicaSet, type ReadRouting, type ReplicaOptions, type ReplicaState } from './replica-set.js';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/jumun.sqlite';

export interface Storage {
  /** Every write, and every read inside a write's transaction. */
  readonly db: Kysely<Database>;
  /**
   * Reads outside transactions (lists, counts, details, summaries, export pages). On SQLite
   * they run on worker threads with connections of their own, off the event loop; on Postgres
   * this is `db`, whose pool already runs queries side by side.
   */
  readonly reads: Kysely<Database>;
  readonly dialect: DialectCapabilities;
  /** The URL without any password, safe to log. */
  readonly description: string;
  /**
   * Inserts many rows into several tables in one transaction: all of them or none. New orders'
   * names enter the keyword index (order-name-index.ts) and the order counters change in the same
   * transaction; `also` runs further statements inside it too.
   */
  bulkInsert(inserts: BulkInsert[], also?: InTransaction): Promise<void>;
  /** After many rows arrived at once: lets the query planner see them and use its fastest plans. */
  refreshStatistics(): Promise<void>;
  /** Resolves when the database answers a trivial query; never waits behind a busy pool. */
  ping(): Promise<void>;
  /** The slots reads wait for: SQLite read workers, or Postgres pooled connections. */
  poolStats(): SlotStats;
  /** Where reads go when Postgres replicas are configured (replica-set.ts); null without replicas. */
  readRouting(): ReadRouting | null;
  /** Calls `listener` after every statement run through `db` or `reads`; returns how to stop. */
  onQuery(listener: QueryListener): () => void;
  /** Reads again from the catalog what `dialect` says of the schema (after migrations, after partitioning). */
  refreshCapabilities(): Promise<void>;
  close(): Promise<void>;
}

/** Statements that run inside a bulk insert's transaction. */
export type InTransaction = (trx: Kysely<Database>) => Promise<void>;

export interface BulkInsert<T extends keyof Database = keyof Database> {
  table: T;
  rows: Array<Insertable<Database[T]>>;
}

const NO_READERS: SlotStats = { size: 0, busy: 0, waiting: 0 };

/** JUMUN_SQLITE_SYNCHRONOUS: `full` (default) or `normal` (faster writes; a power loss may drop the last ones). */
export function sqliteSynchronous(env: NodeJS.ProcessEnv = process.env): 'full' | 'normal' {
  const value = (env.JUMUN_SQLITE_SYNCHRONOUS ?? '').toLowerCase();
  if (value === '' || value === 'full') return 'full';
  if (value === 'normal') return 'normal';
  throw new Error(`JUMUN_SQLITE_SYNCHRONOUS must be full or normal, not '${env.JUMUN_SQLITE_SYNCHRONOUS}'`);
}

function openSqlite(path: string, readerOptions: SqliteReaderOptions): Storage {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to a client survives a power loss, not only a crash (docs/writes.md).
  database.pragma(`synchronous = ${sqliteSynchronous()}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -262144');
  database.pragma('mmap_size = 1073741824');
  const queries = queryObserver();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), log: queries.log });
  // An in-memory database exists in this connection only: its reads stay on the writer.
  const readers = file === ':memory:' ? undefined : new SqliteReaders(file, readerOptions);
  const reads = readers ? new Kysely<Database>({ dialect: new SqliteReadersDialect(readers), log: queries.log }) : db;
  const ping = database.prepare('select 1');
  return {
    db,
    reads,
    dialect: sqliteCapabilities,
    onQuery: queries.onQuery,
    description: `sqlite:${file}`,
    bulkInsert: sqliteBulkInsert(database, db),
    // Without statistics SQLite prefers any index that yields the sort order: a page for two
    // subscription ids walked the whole project (564 ms at 1M orders) instead of the
    // subscription index and a small sort (3 ms). A full ANALYZE takes ~5 s at 1M orders.
    refreshStatistics: async () => {
      database.exec('analyze');
    },
    // The writer answers at once even while the read workers are all busy.
    ping: async () => {
      ping.get();
    },
    poolStats: () => readers?.stats() ?? NO_READERS,
    readRouting: () => null,
    refreshCapabilities: async () => {},
    close: async () => {
      if (reads !== db) await reads.destroy();
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: PostgresPoolOptions, replicaOptions: ReplicaOptions | null, onReplicaChange?: (state: ReplicaState) => void): Storage {
  const queries = queryObserver();
  const pool = createPostgresPool(url, options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool.kyselyPool }), log: queries.log });
  const replicas = replicaOptions && replicaOptions.urls.length > 0
    ? new ReplicaSet(
      pool,
      replicaOptions.urls.map((replicaUrl) => ({ description: withoutPassword(replicaUrl), pool: createPostgresPool(replicaUrl, options) })),
      replicaOptions,
      onReplicaChange,
    )
    : null;
  const reads = replicas ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: replicas.kyselyPool }), log: queries.log }) : db;
  let dialect = postgresCapabilities;
  return {
    db,
    reads,
    readRouting: () => replicas?.routing() ?? null,
    get dialect() {
      return dialect;
    },
    refreshCapabilities: async () => {
      dialect = (await ordersArePartitioned(db)) ? partitionedPostgresCapabilities : postgresCapabilities;
    },
    onQuery: queries.onQuery,
    description: withoutPassword(url),
    bulkInsert: postgresBulkInsert(pool.kyselyPool),
    // Autovacuum gets there too, but maybe only after the first queries ran: planned blind, without
    // index-only scans (the visibility map is not set yet) and reading through the trigram index's
    // pending list.
    refreshStatistics: () =>
      db.connection().execute(async (connection) => {
        // Vacuuming millions of fresh rows may take longer than any request is allowed to.
        await sql`set statement_timeout = 0`.execute(connection);
        try {
          await sql`vacuum (analyze) orders, order_products, order_status_history, buyers, order_subscriptions, order_names, order_name_grams, order_counters`.execute(connection);
        } finally {
          await sql`reset statement_timeout`.execute(connection);
        }
      }),
    ping: () => pool.ping(),
    poolStats: () => pool.stats(),
    close: async () => {
      if (reads !== db) await reads.destroy();
      await db.destroy();
    },
  };
}

/** A database URL that is safe to print: any password is dropped. */
export function withoutPassword(url: string): string {
  try {
    const safe = new URL(url);
    safe.password = '';
    return safe.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export interface StorageOptions {
  /** Pool limits for postgres:// URLs; unset ones come from JUMUN_PG_* variables. */
  postgres?: Partial<PostgresPoolOptions>;
  /** Read workers for sqlite: files; unset ones come from JUMUN_SQLITE_READERS and JUMUN_SLOTS_PER_PROJECT. */
  sqliteReaders?: Partial<SqliteReaderOptions>;
  /** Postgres read replicas (DATABASE_REPLICA_URLS); none by default. */
  replicas?: ReplicaOptions;
  /** Told whenever a replica starts or stops taking reads, and why (for the logs). */
  onReplicaChange?: (state: ReplicaState) => void;
}

/**
 * Read workers (JUMUN_SQLITE_READERS): one more than there are CPUs, at least two. One project
 * may keep at most all CPUs but one busy (JUMUN_SLOTS_PER_PROJECT; at least one worker, and
 * never all of them), so a heavy project leaves both a worker and a CPU to everyone else.
 */
export function sqliteReaderOptions(env: NodeJS.ProcessEnv = process.env, cpus = availableParallelism()): SqliteReaderOptions {
  const size = positiveInteger(env, 'JUMUN_SQLITE_READERS', Math.max(2, cpus + 1));
  const cap = positiveInteger(env, 'JUMUN_SLOTS_PER_PROJECT', Math.max(1, Math.min(size - 1, cpus - 1)));
  return { size, perProjectCap: Math.min(size, cap) };
}

/** Opens `sqlite:PATH` (or `sqlite::memory:`) or `postgres://…`. */
export function openStorage(url: string = DEFAULT_DATABASE_URL, options: StorageOptions = {}): Storage {
  if (url.startsWith('sqlite:')) {
    if (options.replicas && options.replicas.urls.length > 0) {
      throw new Error('Read replicas (DATABASE_REPLICA_URLS, --db-replica) need a postgres:// database; SQLite reads already run on worker threads');
    }
    return openSqlite(url.slice('sqlite:'.length), { ...sqliteReaderOptions(), ...options.sqliteReaders });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(url, { ...postgresPoolOptions(), ...options.postgres }, options.replicas ?? null, options.onReplicaChange);
  }
  throw new Error(`Unsupported database URL '${withoutPassword(url)}': use sqlite:PATH or postgres://…`);
}

/**
 * Brings the schema to the latest migration; fails loudly when one fails. Indexes that a bulk
 * load deferred and never built (the process died) are built first, so migrations see them.
 */
export async function migrate(storage: Storage): Promise<string[]> {
  try {
    const tables = await storage.db.introspection.getTables();
    if (tables.some((table) => table.name === 'settings')) await buildDeferredIndexes(storage);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migrating ${storage.description} failed: ${reason}`);
  }
  const migrator = new Migrator({
    db: storage.db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Migrations are independent of each other's order past 0009 (each adds its own tables or
    // indexes), so a database that got a later-numbered one first still takes the others.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    const what = failed ? `Migration ${failed.migrationName} of ${storage.description}` : `Migrating ${storage.description}`;
    throw new Error(`${what} failed: ${reason}`);
  }
  try {
    await storage.refreshCapabilities();
  } catch (error) {
    throw new Error(`Reading the schema of ${storage.description} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Insertable } from 'kysely';
import pg from 'pg';
import { postgresBulkInsert } from './postgres-bulk-insert.js';
import { sqliteBulkInsert } from './sqlite-bulk-insert.js';
import { createPostgresPool, postgresPoolOptions, type PostgresPoolOptions } from './postgres-pool.js';
import { postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect.js';
import { buildDeferredIndexes } from './deferred-indexes.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/jumun.sqlite';

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: DialectCapabilities;
  /** The URL without any password, safe to log. */
  readonly description: string;
  /**
   * Inserts many rows into several tables in one transaction: all of them or none. `also` runs
   * further statements (say, maintained tables) inside that same transaction.
   */
  bulkInsert(inserts: BulkInsert[], also?: InTransaction): Promise<void>;
  /** After many rows arrived at once: lets the query planner see them and use its fastest plans. */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

/** Statements that run inside a bulk insert's transaction. */
export type InTransaction = (trx: Kysely<Database>) => Promise<void>;

export interface BulkInsert<T extends keyof Database = keyof Database> {
  table: T;
  rows: Array<Insertable<Database[T]>>;
}

// BIGINT (times, amounts, counts) and NUMERIC (what SUM over BIGINT returns) as numbers: every
// time, amount and total we store or add up is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function openSqlite(path: string): Storage {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -262144');
  database.pragma('mmap_size = 1073741824');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: sqliteCapabilities,
    description: `sqlite:${file}`,
    bulkInsert: sqliteBulkInsert(database, db),
    // Without statistics SQLite prefers any index that yields the sort order: a page for two
    // subscription ids walked the whole project (564 ms at 1M orders) instead of the
    // subscription index and a small sort (3 ms). A full ANALYZE takes ~5 s at 1M orders.
    refreshStatistics: async () => {
      database.exec('analyze');
    },
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, options: PostgresPoolOptions): Storage {
  const pool = createPostgresPool(url, options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: postgresCapabilities,
    description: withoutPassword(url),
    bulkInsert: postgresBulkInsert(pool),
    // Autovacuum gets there too, but maybe only after the first queries ran: planned blind, without
    // index-only scans (the visibility map is not set yet) and reading through the trigram index's
    // pending list.
    refreshStatistics: () =>
      db.connection().execute(async (connection) => {
        // Vacuuming millions of fresh rows may take longer than any request is allowed to.
        await sql`set statement_timeout = 0`.execute(connection);
        try {
          await sql`vacuum (analyze) orders, order_products, buyers, order_subscriptions`.execute(connection);
        } finally {
          await sql`reset statement_timeout`.execute(connection);
        }
      }),
    close: () => db.destroy(),
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
}

/** Opens `sqlite:PATH` (or `sqlite::memory:`) or `postgres://…`. */
export function openStorage(url: string = DEFAULT_DATABASE_URL, options: StorageOptions = {}): Storage {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(url, { ...postgresPoolOptions(), ...options.postgres });
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
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    const what = failed ? `Migration ${failed.migrationName} of ${storage.description}` : `Migrating ${storage.description}`;
    throw new Error(`${what} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

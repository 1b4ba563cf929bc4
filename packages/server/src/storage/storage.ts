import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Insertable } from 'kysely';
import pg from 'pg';
import { postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/jumun.sqlite';

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: DialectCapabilities;
  /** The URL without any password, safe to log. */
  readonly description: string;
  /** Inserts many rows into several tables in one transaction: all of them or none. */
  bulkInsert(inserts: BulkInsert[]): Promise<void>;
  close(): Promise<void>;
}

export interface BulkInsert<T extends keyof Database = keyof Database> {
  table: T;
  rows: Array<Insertable<Database[T]>>;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Multi-row INSERTs through Kysely, each under the dialect's parameter limit. */
function kyselyBulkInsert(db: Kysely<Database>, dialect: DialectCapabilities) {
  return async (inserts: BulkInsert[]): Promise<void> => {
    await db.transaction().execute(async (trx) => {
      for (const { table, rows } of inserts) {
        if (rows.length === 0) continue;
        const perStatement = Math.max(1, Math.floor(dialect.maxParameters / Object.keys(rows[0]!).length) - 1);
        for (const chunk of chunks(rows, Math.min(1_000, perStatement))) {
          await trx.insertInto(table).values(chunk as never).execute();
        }
      }
    });
  };
}

/**
 * SQLite: one prepared statement per table, run row by row inside one synchronous transaction.
 * better-sqlite3 is synchronous, so nothing else can run on the connection in between.
 */
function sqliteBulkInsert(database: SqliteDatabase.Database) {
  const statements = new Map<string, { columns: string[]; statement: SqliteDatabase.Statement }>();
  const prepared = (table: string, columns: string[]) => {
    const key = `${table}(${columns.join(',')})`;
    let entry = statements.get(key);
    if (!entry) {
      const quoted = columns.map((c) => `"${c}"`).join(', ');
      const statement = database.prepare(
        `insert into "${table}" (${quoted}) values (${columns.map(() => '?').join(', ')})`,
      );
      entry = { columns, statement };
      statements.set(key, entry);
    }
    return entry;
  };
  const insertAll = database.transaction((inserts: BulkInsert[]) => {
    for (const { table, rows } of inserts) {
      if (rows.length === 0) continue;
      const { columns, statement } = prepared(table, Object.keys(rows[0]!));
      for (const row of rows) statement.run(columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
    }
  });
  return async (inserts: BulkInsert[]): Promise<void> => {
    insertAll(inserts);
  };
}

// BIGINT (times, amounts, counts) as numbers: every value we store is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

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
    bulkInsert: sqliteBulkInsert(database),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): Storage {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.JUMUN_PG_POOL_MAX ?? 10),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: Number(process.env.JUMUN_PG_STATEMENT_TIMEOUT_MS ?? 30_000),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: postgresCapabilities,
    description: safe.toString(),
    bulkInsert: kyselyBulkInsert(db, postgresCapabilities),
    close: () => db.destroy(),
  };
}

/** Opens `sqlite:PATH` (or `sqlite::memory:`) or `postgres://…`. */
export function openStorage(url: string = DEFAULT_DATABASE_URL): Storage {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url);
  throw new Error(`Unsupported database URL '${url.split('@').pop()}': use sqlite:PATH or postgres://…`);
}

/** Brings the schema to the latest migration; fails loudly when one fails. */
export async function migrate(storage: Storage): Promise<string[]> {
  const migrator = new Migrator({
    db: storage.db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

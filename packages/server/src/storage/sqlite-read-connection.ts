/**
 * A read worker's connection: its own read-only connection to the WAL database file, answering
 * `{id, sql, parameters}` with the rows. Runs in a worker thread (sqlite-read-worker.ts), so a
 * slow query blocks that thread only, never the server's event loop.
 */
import { workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

export interface ReadWorkerData {
  file: string;
  busyTimeoutMs: number;
  cacheSizeKib: number;
  mmapBytes: number;
}

export interface ReadRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

export type ReadReply =
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; code: string | undefined } };

/** Statements are prepared once per connection; the queries' shapes are few, their values bound. */
const STATEMENT_CACHE_SIZE = 256;

const settings = workerData as ReadWorkerData;
let database: SqliteDatabase.Database | undefined;
const statements = new Map<string, SqliteDatabase.Statement>();

function open(): SqliteDatabase.Database {
  if (database) return database;
  const opened = new SqliteDatabase(settings.file, { fileMustExist: true });
  try {
    // query_only rather than a read-only open: a read-only connection cannot recreate the WAL
    // index (-shm) should the writer have closed the database meanwhile.
    opened.pragma('query_only = ON');
    opened.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
    opened.pragma(`cache_size = -${settings.cacheSizeKib}`);
    opened.pragma(`mmap_size = ${settings.mmapBytes}`);
  } catch (error) {
    opened.close();
    throw error;
  }
  database = opened;
  return opened;
}

function prepared(sql: string): SqliteDatabase.Statement {
  let statement = statements.get(sql);
  if (statement) {
    // Most recently used last, so the oldest is the first to go.
    statements.delete(sql);
  } else {
    statement = open().prepare(sql);
    if (!statement.reader) throw Object.assign(new Error('a read worker only runs queries that return rows'), { code: 'JUMUN_NOT_A_READ' });
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
  }
  statements.set(sql, statement);
  return statement;
}

export function answer({ id, sql, parameters }: ReadRequest): ReadReply {
  try {
    return { id, rows: prepared(sql).all(parameters as unknown[]) };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: unknown };
    return { id, error: { message: message ?? String(error), code: typeof code === 'string' ? code : undefined } };
  }
}

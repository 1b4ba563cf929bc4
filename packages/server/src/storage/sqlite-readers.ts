import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { FairSlots, type ReleaseSlot, type SlotStats } from './fair-slots.js';
import { currentProject } from './read-tenant.js';
import type { ReadReply, ReadRequest, ReadWorkerData } from './sqlite-read-connection.js';

export interface SqliteReaderOptions {
  /** Worker threads, each with its own connection. */
  size: number;
  /** At most this many of them busy for one project at once. */
  perProjectCap: number;
  /** Per worker: a heap limit ends that worker (and its query), not the server. */
  resourceLimits?: ResourceLimits;
  /** The script each worker runs; sqlite-read-worker.js unless a test wraps it. */
  workerUrl?: URL;
}

interface Job {
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
  release: ReleaseSlot;
}

interface Reader {
  worker: Worker | undefined;
  job: Job | undefined;
}

const CLOSE_GRACE_MS = 1_000;
const WORKER_URL = new URL('./sqlite-read-worker.js', import.meta.url);

/** The worker's error, with its SQLite code kept, so a busy or missing database is told apart. */
function readError(error: { message: string; code: string | undefined }): Error {
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

/**
 * Read queries on a small pool of worker threads, each with a read-only connection to the same
 * WAL database file the writer uses (WAL lets readers run beside the writer and each other).
 * Workers start on the first read, and one that dies (out of memory, a crash in native code) fails
 * only the query it ran and is replaced by a fresh one on the next read.
 */
export class SqliteReaders {
  private readonly slots: FairSlots;
  private readonly readers: Reader[];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly options: SqliteReaderOptions,
  ) {
    this.slots = new FairSlots(options.size, options.perProjectCap);
    this.readers = Array.from({ length: options.size }, () => ({ worker: undefined, job: undefined }));
  }

  stats(): SlotStats {
    return this.slots.stats();
  }

  /** Rows of one read-only statement, run on a free worker when `currentProject()`'s turn comes. */
  async query(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    const release = await this.slots.acquire(currentProject());
    // The slots never grant more than there are readers, so one is idle.
    const reader = this.readers.find((r) => r.job === undefined)!;
    return new Promise<unknown[]>((resolve, reject) => {
      reader.job = { resolve, reject, release };
      const worker = this.workerOf(reader);
      worker.ref();
      const request: ReadRequest = { id: this.nextId++, sql, parameters };
      worker.postMessage(request);
    });
  }

  /**
   * Stops the workers. A worker inside a long SQLite call stops only when the call returns (a
   * thread cannot be interrupted in native code), so closing waits a moment, not for the query:
   * such a worker no longer keeps the process alive.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.slots.close();
    const stopped = Promise.all(
      this.readers.map((reader) => {
        reader.worker?.unref();
        return reader.worker?.terminate();
      }),
    );
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS).unref()))]);
    clearTimeout(grace);
  }

  private workerOf(reader: Reader): Worker {
    if (reader.worker) return reader.worker;
    const workerData: ReadWorkerData = {
      file: this.file,
      busyTimeoutMs: 5_000,
      cacheSizeKib: 65_536,
      mmapBytes: 1_073_741_824,
    };
    const worker = new Worker(this.options.workerUrl ?? WORKER_URL, {
      workerData,
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    worker.unref();
    worker.on('message', (reply: ReadReply) => {
      const job = reader.job;
      if (!job) return;
      reader.job = undefined;
      worker.unref();
      job.release();
      if ('error' in reply) job.reject(readError(reply.error));
      else job.resolve(reply.rows);
    });
    const lost = (error: Error) => {
      if (reader.worker !== worker) return;
      reader.worker = undefined;
      const job = reader.job;
      reader.job = undefined;
      if (!job) return;
      job.release();
      job.reject(this.closed ? new Error('the storage is closed') : error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`a read worker stopped (exit code ${code}) while running a query`)));
    reader.worker = worker;
    return worker;
  }
}

class WorkerReadConnection implements DatabaseConnection {
  constructor(private readonly readers: SqliteReaders) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.readers.query(compiled.sql, compiled.parameters)) as R[] };
  }

  // biome-ignore lint/correctness/useYield: reads are pages, never streams; Kysely's interface asks for this method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('reads are not streamed: page them');
  }
}

class WorkerReadDriver implements Driver {
  private readonly connection: WorkerReadConnection;

  constructor(private readonly readers: SqliteReaders) {
    this.connection = new WorkerReadConnection(readers);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error('reads run outside transactions; a transaction reads through storage.db');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  destroy(): Promise<void> {
    return this.readers.close();
  }
}

/**
 * A Kysely dialect that compiles SQLite and runs each query on a read worker, so repositories
 * write ordinary Kysely queries against `storage.reads`.
 */
export class SqliteReadersDialect implements Dialect {
  constructor(private readonly readers: SqliteReaders) {}

  createAdapter() {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new WorkerReadDriver(this.readers);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Driver interface takes any database
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

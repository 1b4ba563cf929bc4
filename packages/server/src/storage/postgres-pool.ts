import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { FairSlots, type ReleaseSlot, type SlotStats } from './fair-slots.js';
import { currentProject } from './read-tenant.js';

/** Limits of the Postgres connection pool; every one bounds how long a request can wait. */
export interface PostgresPoolOptions {
  /** Connections per server process (JUMUN_PG_POOL_MAX, default 10). */
  max: number;
  /** Waiting for a new connection or a free one from a busy pool (JUMUN_PG_CONNECT_TIMEOUT_MS, default 5 s). */
  connectTimeoutMs: number;
  /** Postgres cancels any statement running longer (JUMUN_PG_STATEMENT_TIMEOUT_MS, default 30 s). */
  statementTimeoutMs: number;
  /**
   * The client gives up on a query whose answer never arrives (JUMUN_PG_QUERY_TIMEOUT_MS, default the
   * statement timeout + 5 s): the server is frozen or the network dropped without closing the socket.
   */
  queryTimeoutMs: number;
  /**
   * At most this many connections held by one project at once (JUMUN_SLOTS_PER_PROJECT), so one
   * project's heavy requests leave connections, and the database's CPUs, for the others. Default:
   * as for SQLite's read workers, all CPUs but one (of this machine: a heavy query keeps a CPU
   * busy, and more of them at once only slow everyone down) and never the whole pool.
   */
  perProjectCap: number;
}

export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return Number(value);
}

export function postgresPoolOptions(env: NodeJS.ProcessEnv = process.env, cpus = availableParallelism()): PostgresPoolOptions {
  const statementTimeoutMs = positiveInteger(env, 'JUMUN_PG_STATEMENT_TIMEOUT_MS', 30_000);
  const max = positiveInteger(env, 'JUMUN_PG_POOL_MAX', 10);
  return {
    max,
    perProjectCap: Math.min(max, positiveInteger(env, 'JUMUN_SLOTS_PER_PROJECT', Math.max(1, Math.min(max - 1, cpus - 1)))),
    connectTimeoutMs: positiveInteger(env, 'JUMUN_PG_CONNECT_TIMEOUT_MS', 5_000),
    statementTimeoutMs,
    queryTimeoutMs: positiveInteger(env, 'JUMUN_PG_QUERY_TIMEOUT_MS', statementTimeoutMs + 5_000),
  };
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/**
 * Maintenance (index builds, `vacuum`, long migrations) turns the statement timeout off with
 * `set [local] statement_timeout = 0`; until `reset statement_timeout`, or the end of the
 * transaction for `set local`, the client does not time out either: its timeout only stands in
 * for the server's when the server cannot answer, and a build of a 10M-row index takes minutes.
 */
const TIMEOUT_OFF = /^\s*set\s+(local\s+)?statement_timeout\s*(=|to)\s*'?0'?\s*;?\s*$/i;
const TIMEOUT_BACK = /^\s*reset\s+(statement_timeout|all)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\b/i;

/**
 * Hands out pool clients whose plain queries time out on the client side too. A connection that
 * timed out this way is never reused: its socket may be dead without knowing it, so it is thrown
 * away on release. Cursors (streamed results) are passed through untouched, since they may
 * legitimately run longer than one query.
 */
function boundedClient(client: pg.PoolClient, queryTimeoutMs: number, releaseSlot: ReleaseSlot): PostgresPoolClient {
  let broken: Error | undefined;
  /** The statement timeout is off: for the session, or until the transaction ends. */
  let unbounded: 'session' | 'transaction' | undefined;
  const follow = (sql: string) => {
    const off = TIMEOUT_OFF.exec(sql);
    if (off) unbounded = off[1] ? (unbounded === 'session' ? 'session' : 'transaction') : 'session';
    else if (TIMEOUT_BACK.test(sql)) unbounded = undefined;
    else if (unbounded === 'transaction' && TRANSACTION_END.test(sql)) unbounded = undefined;
  };
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never) as PostgresCursor<R>;
    if (broken) return Promise.reject(broken);
    const timeout = unbounded ? undefined : queryTimeoutMs;
    follow(sqlOrCursor);
    const config = { text: sqlOrCursor, values: [...(parameters ?? [])], query_timeout: timeout };
    return (client.query(config) as unknown as Promise<PostgresQueryResult<R>>).catch((error: unknown) => {
      if (isReadTimeout(error)) broken = error as Error;
      throw error;
    });
  }
  return {
    query,
    release: (destroy) => {
      client.release(broken ?? destroy === true);
      releaseSlot();
    },
  };
}

// BIGINT (times, amounts, counts) and NUMERIC (what SUM over BIGINT returns) as numbers: every
// time, amount and total we store or add up is far below 2^53. Scoped to our connections, so
// other pg users in the process keep pg's defaults.
const asNumber = (value: string) => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? asNumber
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface JumunPostgresPool {
  /** Shaped for Kysely's PostgresDialect; connections are handed out fairly between projects. */
  kyselyPool: PostgresPool;
  /** A trivial query on a connection of its own, so a busy pool never makes the database look down. */
  ping(): Promise<void>;
  /** A small query on that same connection of its own (replication probes), bounded by the connect timeout. */
  probe<R extends object>(text: string): Promise<R[]>;
  stats(): SlotStats;
}

function connectionSettings(url: string, options: PostgresPoolOptions) {
  return {
    connectionString: url,
    application_name: 'jumun',
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    keepAlive: true,
    types,
  };
}

/**
 * A pg pool with the limits applied. Callers wait for a connection in fair-slots.ts rather than in
 * pg's own queue: pg's wait shares `connectionTimeoutMillis` with connecting, so under load a
 * healthy but busy database looked unreachable (503). Here only connecting is bounded by the
 * connect timeout; waiting for a busy pool's turn may last as long as a statement may run.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions): JumunPostgresPool {
  const pool = new pg.Pool({ ...connectionSettings(url, options), max: options.max, idleTimeoutMillis: 30_000 });
  const healthPool = new pg.Pool({ ...connectionSettings(url, options), max: 1, idleTimeoutMillis: 30_000 });
  const slots = new FairSlots(options.max, Math.min(options.max, options.perProjectCap), options.statementTimeoutMs);
  // A connection dropping must never crash the process: the error reaches the query that uses the
  // connection next, and the pool throws the connection away. Idle connections report to the pool;
  // a checked-out one can lose its socket between two queries, with no query to report to.
  for (const each of [pool, healthPool]) {
    each.on('error', () => {});
    each.on('connect', (client) => client.on('error', () => {}));
  }
  return {
    kyselyPool: {
      connect: async () => {
        const releaseSlot = await slots.acquire(currentProject());
        try {
          return boundedClient(await pool.connect(), options.queryTimeoutMs, releaseSlot);
        } catch (error) {
          releaseSlot();
          throw error;
        }
      },
      end: async () => {
        slots.close();
        await Promise.all([pool.end(), healthPool.end()]);
      },
    },
    ping: async () => {
      const query = { text: 'select 1', query_timeout: options.connectTimeoutMs };
      await healthPool.query(query as pg.QueryConfig);
    },
    probe: async <R extends object>(text: string) => {
      const query = { text, query_timeout: options.connectTimeoutMs };
      return (await healthPool.query(query as pg.QueryConfig)).rows as R[];
    },
    stats: () => slots.stats(),
  };
}

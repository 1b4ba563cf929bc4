import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';

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
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return Number(value);
}

export function postgresPoolOptions(env: NodeJS.ProcessEnv = process.env): PostgresPoolOptions {
  const statementTimeoutMs = positiveInteger(env, 'JUMUN_PG_STATEMENT_TIMEOUT_MS', 30_000);
  return {
    max: positiveInteger(env, 'JUMUN_PG_POOL_MAX', 10),
    connectTimeoutMs: positiveInteger(env, 'JUMUN_PG_CONNECT_TIMEOUT_MS', 5_000),
    statementTimeoutMs,
    queryTimeoutMs: positiveInteger(env, 'JUMUN_PG_QUERY_TIMEOUT_MS', statementTimeoutMs + 5_000),
  };
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/**
 * Hands out pool clients whose plain queries time out on the client side too. A connection that
 * timed out this way is never reused: its socket may be dead without knowing it, so it is thrown
 * away on release. Cursors (streamed results) are passed through untouched, since they may
 * legitimately run longer than one query.
 */
function boundedClient(client: pg.PoolClient, queryTimeoutMs: number): PostgresPoolClient {
  let broken: Error | undefined;
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never) as PostgresCursor<R>;
    if (broken) return Promise.reject(broken);
    const config = { text: sqlOrCursor, values: [...(parameters ?? [])], query_timeout: queryTimeoutMs };
    return (client.query(config) as unknown as Promise<PostgresQueryResult<R>>).catch((error: unknown) => {
      if (isReadTimeout(error)) broken = error as Error;
      throw error;
    });
  }
  return {
    query,
    release: (destroy) => client.release(broken ?? destroy === true),
  };
}

/** A pg pool with the limits applied, shaped for Kysely's PostgresDialect, and its use. */
export function createPostgresPool(
  url: string,
  options: PostgresPoolOptions,
): PostgresPool & { stats(): { size: number; busy: number; waiting: number } } {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'jumun',
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
    keepAlive: true,
  });
  // A connection dropping must never crash the process: the error reaches the query that uses the
  // connection next, and the pool throws the connection away. Idle connections report to the pool;
  // a checked-out one can lose its socket between two queries, with no query to report to.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    connect: async () => boundedClient(await pool.connect(), options.queryTimeoutMs),
    end: () => pool.end(),
    stats: () => ({ size: pool.totalCount, busy: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
  };
}

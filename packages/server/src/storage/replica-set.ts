import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { positiveInteger, type JumunPostgresPool } from './postgres-pool.js';
import { mustReadPrimary } from './read-routing.js';

/** Read replicas of a Postgres primary (DATABASE_REPLICA_URLS) and how they are chosen. */
export interface ReplicaOptions {
  urls: readonly string[];
  /** A replica further behind the primary than this is skipped (JUMUN_REPLICA_MAX_LAG_MS). */
  maxLagMs: number;
  /** How often each replica's health and lag are checked (JUMUN_REPLICA_PROBE_MS). */
  probeIntervalMs: number;
}

/**
 * The replicas named by DATABASE_REPLICA_URLS (comma-separated) and by `--db-replica` flags,
 * with JUMUN_REPLICA_MAX_LAG_MS (default 5000) and JUMUN_REPLICA_PROBE_MS (default 500).
 */
export function replicaOptions(env: NodeJS.ProcessEnv = process.env, flagged: readonly string[] = []): ReplicaOptions {
  const listed = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '');
  const urls = [...new Set([...listed, ...flagged])];
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`A read replica must be a postgres:// URL, not '${url.replace(/\/\/[^@/]*@/, '//')}'`);
  }
  return {
    urls,
    maxLagMs: positiveInteger(env, 'JUMUN_REPLICA_MAX_LAG_MS', 5_000),
    probeIntervalMs: positiveInteger(env, 'JUMUN_REPLICA_PROBE_MS', 500),
  };
}

export interface ReplicaState {
  /** The replica's URL without any password. */
  replica: string;
  /** Reads go to it: it answers, it is a standby, and it is at most maxLagMs behind. */
  inUse: boolean;
  /** How far behind the primary it was at the last check (an upper bound), null before the first check. */
  lagMs: number | null;
  /** Why it is skipped, null while in use. */
  reason: string | null;
}

export type ReadTarget = 'primary' | 'replica';

export interface ReadRouting {
  /** How far behind the primary a read from a replica in use can be: the lag bound plus one check's interval. */
  staleAtMostMs: number;
  replicas: ReplicaState[];
  /** Connections handed to reads, by where they went, since the server started. */
  reads: Record<ReadTarget, number>;
}

interface Replica {
  pool: JumunPostgresPool;
  state: ReplicaState;
}

interface WalSample {
  at: number;
  lsn: bigint;
}

/** `16/B374D848` as a number: WAL positions grow, so they compare as numbers. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/**
 * Errors after which the same read may run on the primary instead: the replica went away, is
 * starting or stopping, or cancelled the statement for a conflict with replay (40001 on a standby).
 */
function replicaFailed(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || code === '40001')) return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return true;
  return typeof message === 'string' && /Connection terminated|Query read timeout|timeout exceeded when trying to connect/.test(message);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The primary and its replicas behind one pool for Kysely's PostgresDialect: `storage.reads`.
 * Each connection a read asks for goes to a replica in use (in turn), or to the primary when the
 * read must see the latest writes (read-routing.ts) or no replica is in use. A replica is checked
 * every probeIntervalMs: its lag is measured against the primary's WAL position, sampled first
 * (the replica has replayed everything the primary had written at the latest sample it has
 * reached, so the lag is at most the time since that sample). A replica that fails a read is
 * skipped at once and the read runs on the primary.
 */
export class ReplicaSet {
  readonly kyselyPool: PostgresPool;
  private readonly replicas: Replica[];
  private readonly samples: WalSample[] = [];
  private readonly reads: Record<ReadTarget, number> = { primary: 0, replica: 0 };
  private next = 0;
  private probing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly primary: JumunPostgresPool,
    replicaPools: ReadonlyArray<{ description: string; pool: JumunPostgresPool }>,
    private readonly options: ReplicaOptions,
    private readonly onChange: (state: ReplicaState) => void = () => {},
  ) {
    this.replicas = replicaPools.map(({ description, pool }) => ({
      pool,
      state: { replica: description, inUse: false, lagMs: null, reason: 'not checked yet' },
    }));
    this.kyselyPool = {
      connect: () => this.connect(),
      end: async () => {
        clearInterval(this.timer);
        await this.probing;
        await Promise.all(this.replicas.map((r) => r.pool.kyselyPool.end()));
      },
    };
    this.timer = setInterval(() => void this.probe(), options.probeIntervalMs);
    this.timer.unref();
    void this.probe();
  }

  routing(): ReadRouting {
    return {
      staleAtMostMs: this.options.maxLagMs + this.options.probeIntervalMs,
      replicas: this.replicas.map((r) => ({ ...r.state })),
      reads: { ...this.reads },
    };
  }

  /** Checks every replica now (the timer does so every probeIntervalMs); resolves when done. */
  probe(): Promise<void> {
    this.probing ??= this.probeAll().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async probeAll(): Promise<void> {
    const at = Date.now();
    try {
      const [row] = await this.primary.probe<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      this.samples.push({ at, lsn: parseLsn(row!.lsn) });
    } catch {
      // The primary is unreachable: lags are judged by the samples taken before.
    }
    // Long enough to tell any lag up to the bound, and a little beyond it.
    const keepSince = at - 2 * this.options.maxLagMs - 4 * this.options.probeIntervalMs;
    while (this.samples.length > 1 && this.samples[0]!.at < keepSince) this.samples.shift();
    await Promise.all(this.replicas.map((replica) => this.probeReplica(replica)));
  }

  private async probeReplica(replica: Replica): Promise<void> {
    try {
      const [row] = await replica.pool.probe<{ standby: boolean; lsn: string | null }>(
        'select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn',
      );
      if (!row!.standby || row!.lsn === null) return this.update(replica, { lagMs: null, reason: 'not a standby (promoted, or not a replica)' });
      const lagMs = this.lagOf(parseLsn(row!.lsn), Date.now());
      if (lagMs === null) return this.update(replica, { lagMs: null, reason: 'lag unknown: the primary has not answered yet' });
      const behind = lagMs > this.options.maxLagMs;
      this.update(replica, { lagMs, reason: behind ? `lags ${lagMs} ms behind the primary (more than ${this.options.maxLagMs} ms)` : null });
    } catch (error) {
      this.update(replica, { lagMs: null, reason: `unreachable: ${reasonOf(error)}` });
    }
  }

  /** Time since the latest primary sample the replica has replayed; beyond every sample, since the oldest. */
  private lagOf(replayed: bigint, now: number): number | null {
    if (this.samples.length === 0) return null;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      if (this.samples[i]!.lsn <= replayed) return now - this.samples[i]!.at;
    }
    return now - this.samples[0]!.at;
  }

  private update(replica: Replica, next: { lagMs: number | null; reason: string | null }): void {
    const before = replica.state;
    replica.state = { replica: before.replica, inUse: next.reason === null, ...next };
    if (before.inUse !== replica.state.inUse) this.onChange({ ...replica.state });
  }

  private pick(): Replica | null {
    const usable = this.replicas.filter((r) => r.state.inUse);
    if (usable.length === 0) return null;
    this.next = (this.next + 1) % usable.length;
    return usable[this.next]!;
  }

  private skip(replica: Replica, error: unknown): void {
    if (replica.state.inUse) this.update(replica, { lagMs: replica.state.lagMs, reason: `failed a read: ${reasonOf(error)}` });
  }

  private async onPrimary(): Promise<PostgresPoolClient> {
    this.reads.primary++;
    return this.primary.kyselyPool.connect();
  }

  private async connect(): Promise<PostgresPoolClient> {
    const replica = mustReadPrimary() ? null : this.pick();
    if (!replica) return this.onPrimary();
    let client: PostgresPoolClient;
    try {
      client = await replica.pool.kyselyPool.connect();
    } catch (error) {
      this.skip(replica, error);
      return this.onPrimary();
    }
    this.reads.replica++;
    return this.withFallback(client, replica);
  }

  /** A replica's connection whose statements run again on the primary when the replica fails them. */
  private withFallback(client: PostgresPoolClient, replica: Replica): PostgresPoolClient {
    const set = this;
    function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>) {
      // A cursor (a streamed export) may already have sent rows: it is not run twice.
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
      return client.query<R>(sqlOrCursor, parameters ?? []).catch(async (error: unknown) => {
        if (!replicaFailed(error)) throw error;
        set.skip(replica, error);
        const fallback = await set.onPrimary();
        try {
          return await fallback.query<R>(sqlOrCursor, parameters ?? []);
        } finally {
          fallback.release();
        }
      });
    }
    return { query, release: (destroy) => client.release(destroy) };
  }
}

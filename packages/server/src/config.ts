import { assertTimeZone } from './domain/time-zone.js';

export interface ServiceConfig {
  /** Calendar days of filters and order numbers are days in this zone. */
  timeZone: string;
  /** An order in payment (status 1) longer than this is reported as stuck by the summary. */
  stuckPaymentMinutes: number;
  /** Bearer token that `/metrics` asks for (JUMUN_METRICS_TOKEN); null: no `/metrics` at all. */
  metricsToken: string | null;
  http: HttpLimits;
  rateLimits: RateLimits;
  sessions: SessionLimits;
}

/** Console sessions of operators (docs/operators.md). */
export interface SessionLimits {
  /** A session unused this long ends (JUMUN_SESSION_IDLE_SECONDS, default 30 minutes). */
  idleSeconds: number;
  /** A session ends this long after sign-in, however busy (JUMUN_SESSION_MAX_SECONDS, default 12 hours). */
  absoluteSeconds: number;
  /** `auto`: the cookie is `Secure` when the request came over TLS; `always`: always (behind a TLS proxy) (JUMUN_SECURE_COOKIES). */
  secureCookies: 'auto' | 'always';
  /** A set-password link works this long (JUMUN_PASSWORD_LINK_SECONDS, default 24 hours). */
  passwordLinkSeconds: number;
}

export function sessionLimits(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SessionLimits> = {}): SessionLimits {
  const secure = env.JUMUN_SECURE_COOKIES ?? 'auto';
  if (secure !== 'auto' && secure !== 'always') throw new Error(`JUMUN_SECURE_COOKIES must be auto or always, not '${secure}'`);
  return {
    idleSeconds: wholeNumber(env, 'JUMUN_SESSION_IDLE_SECONDS', 30 * 60, 1, 31_536_000),
    absoluteSeconds: wholeNumber(env, 'JUMUN_SESSION_MAX_SECONDS', 12 * 3600, 1, 31_536_000),
    secureCookies: secure,
    passwordLinkSeconds: wholeNumber(env, 'JUMUN_PASSWORD_LINK_SECONDS', 24 * 3600, 60, 31_536_000),
    ...overrides,
  };
}

/** Request rates and heavy work (README, "Limits"); 0 turns a limit off. Totals, shared among the server processes (server-presence.ts). */
export interface RateLimits {
  /** Requests per second one API key may make, on average (JUMUN_RATE_LIMIT_PER_SECOND, default 200). */
  keyPerSecond: number;
  /** Requests one API key may make at once above the average (JUMUN_RATE_LIMIT_BURST, default 400). */
  keyBurst: number;
  /** Failed authentications per minute one IP address may make (JUMUN_AUTH_FAILURES_PER_MINUTE, default 30). */
  authFailuresPerMinute: number;
  /** Failed sign-ins per hour one operator account may take before it waits (JUMUN_SIGN_IN_FAILURES_PER_HOUR, default 10). */
  signInFailuresPerHour: number;
  /** Heavy requests (exports, summaries, keyword lists) one project may run at once (JUMUN_HEAVY_CONCURRENCY, default 4). */
  heavyConcurrency: number;
  /** How long a heavy request waits for a free slot before it is refused (JUMUN_HEAVY_WAIT_MS, default 2 s). */
  heavyWaitMs: number;
}

/** A whole number from an environment variable, within [min, max]; the fallback when unset. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`${name} must be a whole number from ${min}${min === 0 ? ' (off)' : ''} to ${max}, not '${value}'`);
  }
  return Number(value);
}

const count = (env: NodeJS.ProcessEnv, name: string, fallback: number) => wholeNumber(env, name, fallback, 0, 1_000_000_000);

export function rateLimits(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RateLimits> = {}): RateLimits {
  return {
    keyPerSecond: count(env, 'JUMUN_RATE_LIMIT_PER_SECOND', 200),
    keyBurst: count(env, 'JUMUN_RATE_LIMIT_BURST', 400),
    authFailuresPerMinute: count(env, 'JUMUN_AUTH_FAILURES_PER_MINUTE', 30),
    signInFailuresPerHour: count(env, 'JUMUN_SIGN_IN_FAILURES_PER_HOUR', 10),
    heavyConcurrency: count(env, 'JUMUN_HEAVY_CONCURRENCY', 4),
    heavyWaitMs: count(env, 'JUMUN_HEAVY_WAIT_MS', 2_000),
    ...overrides,
  };
}

/** How long and how many: what keeps slow or greedy clients from holding the server. */
export interface HttpLimits {
  /** A request's headers must arrive within this (JUMUN_HEADERS_TIMEOUT_MS, default 8 s). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (JUMUN_REQUEST_TIMEOUT_MS, default 30 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (JUMUN_KEEP_ALIVE_TIMEOUT_MS, default 5 s). */
  keepAliveTimeoutMs: number;
  /** Open connections beyond this are refused at once (JUMUN_MAX_CONNECTIONS, default 1024). */
  maxConnections: number;
  /** On SIGTERM, in-flight requests may finish for this long (JUMUN_SHUTDOWN_GRACE_MS, default 10 s). */
  shutdownGraceMs: number;
}

const positiveMs = (env: NodeJS.ProcessEnv, name: string, fallback: number) => wholeNumber(env, name, fallback, 1, 86_400_000);

export function httpLimits(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HttpLimits> = {}): HttpLimits {
  const limits: HttpLimits = {
    headersTimeoutMs: positiveMs(env, 'JUMUN_HEADERS_TIMEOUT_MS', 8_000),
    requestTimeoutMs: positiveMs(env, 'JUMUN_REQUEST_TIMEOUT_MS', 30_000),
    keepAliveTimeoutMs: positiveMs(env, 'JUMUN_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    maxConnections: positiveMs(env, 'JUMUN_MAX_CONNECTIONS', 1024),
    shutdownGraceMs: positiveMs(env, 'JUMUN_SHUTDOWN_GRACE_MS', 10_000),
    ...overrides,
  };
  // Node requires the headers to be due no later than the whole request.
  limits.requestTimeoutMs = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
  return limits;
}

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
export const DEFAULT_STUCK_PAYMENT_MINUTES = 30;

function stuckPaymentMinutes(given: number | string | undefined): number {
  if (given === undefined || given === '') return DEFAULT_STUCK_PAYMENT_MINUTES;
  const minutes = Number(given);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10_080) {
    throw new Error(`JUMUN_STUCK_PAYMENT_MINUTES must be a whole number of minutes from 1 to 10080, not '${given}'`);
  }
  return minutes;
}

function metricsToken(given: string | null | undefined): string | null {
  if (given === undefined || given === null || given === '') return null;
  if (given.length < 16) throw new Error('JUMUN_METRICS_TOKEN must be at least 16 characters long');
  return given;
}

export function serviceConfig(
  overrides: Partial<Omit<ServiceConfig, 'http' | 'rateLimits' | 'sessions'>> & {
    http?: Partial<HttpLimits>;
    rateLimits?: Partial<RateLimits>;
    sessions?: Partial<SessionLimits>;
  } = {},
): ServiceConfig {
  const timeZone = overrides.timeZone ?? process.env.JUMUN_TIME_ZONE ?? DEFAULT_TIME_ZONE;
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new Error(`Unknown time zone '${timeZone}': use an IANA name such as Asia/Seoul`);
  }
  return {
    timeZone,
    stuckPaymentMinutes: stuckPaymentMinutes(overrides.stuckPaymentMinutes ?? process.env.JUMUN_STUCK_PAYMENT_MINUTES),
    http: httpLimits(process.env, overrides.http),
    rateLimits: rateLimits(process.env, overrides.rateLimits),
    sessions: sessionLimits(process.env, overrides.sessions),
    metricsToken: metricsToken(overrides.metricsToken === undefined ? process.env.JUMUN_METRICS_TOKEN : overrides.metricsToken),
  };
}

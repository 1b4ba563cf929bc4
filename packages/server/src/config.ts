import type { WebhookTargetPolicy } from './domain/webhook-targets.js';
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
  webhooks: WebhookSettings;
}

/** The webhook delivery worker (docs/webhooks.md); durations in milliseconds. */
export interface WebhookSettings {
  /** JUMUN_WEBHOOKS=off: this process sends nothing (events are still recorded; another process sends them). */
  deliver: boolean;
  /** JUMUN_WEBHOOK_TARGETS: `public` (default) refuses private and loopback addresses, `any` allows them. */
  targets: WebhookTargetPolicy;
  /** One attempt's whole request and response head (JUMUN_WEBHOOK_TIMEOUT_MS, default 10 s). */
  timeoutMs: number;
  /** How often due deliveries are looked for (JUMUN_WEBHOOK_POLL_MS, default 1 s). */
  pollMs: number;
  /** How long a claimed delivery is this process's before another may take it over (JUMUN_WEBHOOK_LEASE_MS, default 60 s). */
  leaseMs: number;
  /** First retry delay, doubling per attempt (JUMUN_WEBHOOK_RETRY_BASE_MS, default 30 s)… */
  retryBaseMs: number;
  /** …up to this (JUMUN_WEBHOOK_RETRY_MAX_MS, default 6 h). */
  retryMaxMs: number;
  /** A delivery is given up this long after its event (JUMUN_WEBHOOK_RETRY_WINDOW_MS, default 3 days). */
  retryWindowMs: number;
  /** An endpoint failing without a success for this long is disabled (JUMUN_WEBHOOK_DISABLE_AFTER_MS, default 3 days). */
  disableAfterMs: number;
  /** Requests one process sends at once (JUMUN_WEBHOOK_CONCURRENCY, default 8). */
  concurrency: number;
  /** Finished deliveries, their attempts and events are deleted after this (JUMUN_WEBHOOK_RETENTION_MS, default 30 days). */
  retentionMs: number;
}

const DAY_MS = 86_400_000;

function webhookTargets(value: string | undefined): WebhookTargetPolicy {
  if (value === undefined || value === '' || value === 'public') return 'public';
  if (value === 'any') return 'any';
  throw new Error(`JUMUN_WEBHOOK_TARGETS must be public or any, not '${value}'`);
}

function webhookDelivery(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`JUMUN_WEBHOOKS must be on or off, not '${value}'`);
}

export function webhookSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  const ms = (name: string, fallback: number) => wholeNumber(env, name, fallback, 1, 30 * DAY_MS);
  return {
    deliver: webhookDelivery(env.JUMUN_WEBHOOKS),
    targets: webhookTargets(env.JUMUN_WEBHOOK_TARGETS),
    timeoutMs: ms('JUMUN_WEBHOOK_TIMEOUT_MS', 10_000),
    pollMs: ms('JUMUN_WEBHOOK_POLL_MS', 1_000),
    leaseMs: ms('JUMUN_WEBHOOK_LEASE_MS', 60_000),
    retryBaseMs: ms('JUMUN_WEBHOOK_RETRY_BASE_MS', 30_000),
    retryMaxMs: ms('JUMUN_WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000),
    retryWindowMs: ms('JUMUN_WEBHOOK_RETRY_WINDOW_MS', 3 * DAY_MS),
    disableAfterMs: ms('JUMUN_WEBHOOK_DISABLE_AFTER_MS', 3 * DAY_MS),
    concurrency: wholeNumber(env, 'JUMUN_WEBHOOK_CONCURRENCY', 8, 1, 256),
    retentionMs: wholeNumber(env, 'JUMUN_WEBHOOK_RETENTION_MS', 30 * DAY_MS, 1, 3650 * DAY_MS),
    ...overrides,
  };
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
  overrides: Partial<Omit<ServiceConfig, 'http' | 'rateLimits' | 'sessions' | 'webhooks'>> & {
    http?: Partial<HttpLimits>;
    rateLimits?: Partial<RateLimits>;
    sessions?: Partial<SessionLimits>;
    webhooks?: Partial<WebhookSettings>;
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
    webhooks: webhookSettings(process.env, overrides.webhooks),
    metricsToken: metricsToken(overrides.metricsToken === undefined ? process.env.JUMUN_METRICS_TOKEN : overrides.metricsToken),
  };
}

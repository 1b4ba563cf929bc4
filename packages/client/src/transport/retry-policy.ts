export interface RetryPolicyOptions {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error goes to the caller instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses that mean "the same request may succeed later". */
const RETRYABLE_STATUSES = new Set([429, 503]);

export interface AttemptOutcome {
  /** Retries already made (0 after the first attempt). */
  retriesSoFar: number;
  /** Whether repeating the request cannot apply it twice (GET, or a write with an idempotency key). */
  idempotent: boolean;
  /** `null` when no response arrived (connection failure or timeout). */
  status: number | null;
  retryAfterHeader?: string | undefined;
}

/**
 * Decides whether to retry and after how long, as an ordered checklist.
 * Returns the delay in milliseconds, or `null` to stop.
 */
export function retryDelay(
  outcome: AttemptOutcome,
  policy: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
  now: number = Date.now(),
  random: () => number = Math.random,
): number | null {
  if (outcome.retriesSoFar >= policy.maxRetries) return null;
  if (!outcome.idempotent) return null;
  const backoff = backoffDelay(outcome.retriesSoFar + 1, policy, random);
  if (outcome.status === null) return backoff;
  if (!RETRYABLE_STATUSES.has(outcome.status)) return null;
  const retryAfter = parseRetryAfter(outcome.retryAfterHeader, now);
  if (retryAfter === null) return backoff;
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : null;
}

/** Exponential backoff for the n-th retry (1-based), capped, with jitter between 50% and 100%. */
export function backoffDelay(retryNumber: number, policy: RetryPolicyOptions, random: () => number = Math.random): number {
  const exponential = Math.min(policy.initialDelayMs * 2 ** (retryNumber - 1), policy.maxDelayMs);
  return Math.round(exponential * (0.5 + random() / 2));
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds; `null` when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | null {
  if (header === undefined) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always spell a day or month name; this keeps odd strings from parsing as dates.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

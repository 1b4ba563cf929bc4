import { IDEMPOTENCY_TTL_SECONDS } from '../domain/idempotency.js';
import { nowSeconds } from '../domain/timestamps.js';
import { purgeExpiredIdempotencyKeys } from '../storage/idempotency-repository.js';
import type { Storage } from '../storage/storage.js';

const HOUR_MS = 3_600_000;

/**
 * Deletes expired idempotency keys now and then every hour; returns the stop function. An expired
 * key is already treated as unused, so this only keeps the table small; failures wait for the next run.
 */
export function startIdempotencyPurge(storage: Storage, onError: (error: unknown) => void): () => void {
  const purge = () => {
    purgeExpiredIdempotencyKeys(storage, nowSeconds() - IDEMPOTENCY_TTL_SECONDS).catch(onError);
  };
  purge();
  const timer = setInterval(purge, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}

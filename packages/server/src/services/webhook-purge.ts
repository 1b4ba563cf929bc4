import type { Storage } from '../storage/storage.js';
import { purgeFinishedDeliveries } from '../storage/webhook-repository.js';

const HOUR_MS = 3_600_000;

/**
 * Deletes finished deliveries older than `retentionMs` now and then every hour; returns the stop
 * function. Only keeps the tables small (nothing reads finished deliveries but the history), so a
 * failure waits for the next run.
 */
export function startWebhookPurge(storage: Storage, retentionMs: number, onError: (error: unknown) => void): () => void {
  const purge = () => {
    purgeFinishedDeliveries(storage.db, Date.now() - retentionMs).catch(onError);
  };
  purge();
  const timer = setInterval(purge, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}

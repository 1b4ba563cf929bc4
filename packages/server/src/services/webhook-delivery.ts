import type { WebhookSettings } from '../config.js';
import { retryDelayMs } from '../domain/webhook-retries.js';
import { openSecret, SIGNATURE_HEADER, signatureHeader } from '../domain/webhook-signing.js';
import type { Storage } from '../storage/storage.js';
import { claimDueDeliveries, finishAttempt, releaseClaim, type AttemptOutcome, type ClaimedDelivery } from '../storage/webhook-repository.js';
import { postWebhook } from './webhook-sender.js';

export interface WorkerLog {
  warn(fields: object, message: string): void;
}

export interface WebhookWorker {
  /** Looks for due deliveries now instead of at the next poll. */
  poke(): void;
  /** Stops claiming, aborts the requests in flight and gives their claims back. */
  stop(): Promise<void>;
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/**
 * The delivery worker of one process: polls for due deliveries, claims up to `concurrency` of them
 * at a time and sends each outside any transaction, so neither the API's event loop nor the
 * database waits on a receiver. Each attempt is recorded, then the next one is scheduled with
 * backoff and jitter, the delivery given up after the retry window, or the endpoint disabled after
 * failing for `disableAfterMs`.
 */
export function startWebhookWorker(storage: Storage, hashKey: string, settings: WebhookSettings, log: WorkerLog): WebhookWorker {
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let polling = false;
  let again = false;
  let stopped = false;

  const decide = (claim: ClaimedDelivery, outcome: AttemptOutcome) => (endpoint: { failing_since_ms: number | null }) => {
    const now = outcome.startedMs + outcome.durationMs;
    const giveUp = now - claim.retry_from_ms >= settings.retryWindowMs;
    const failingSince = endpoint.failing_since_ms ?? outcome.startedMs;
    return {
      nextAttemptMs: giveUp ? null : now + retryDelayMs(claim.attempts + 1, settings.retryBaseMs, settings.retryMaxMs, Math.random()),
      disableEndpoint: now - failingSince >= settings.disableAfterMs,
    };
  };

  async function deliver(claim: ClaimedDelivery): Promise<void> {
    const secret = openSecret(hashKey, claim.secret_sealed);
    const timestamp = Math.floor(Date.now() / 1000);
    const startedMs = Date.now();
    const response =
      secret === null
        ? { status: null, error: 'the signing secret cannot be read: the server hash key changed since it was made (rotate the secret)', excerpt: null }
        : await postWebhook({
            url: claim.url,
            body: claim.payload,
            timeoutMs: settings.timeoutMs,
            policy: settings.targets,
            signal: abort.signal,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'user-agent': 'jumun-webhooks/1',
              [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, claim.payload),
              'jumun-event-id': claim.event_id,
              'jumun-event-type': claim.event_type,
              'jumun-delivery-id': claim.delivery_id,
              'jumun-attempt': String(claim.attempts + 1),
            },
          });
    if (stopped) {
      await releaseClaim(storage.db, claim);
      return;
    }
    const outcome: AttemptOutcome = {
      startedMs,
      durationMs: Date.now() - startedMs,
      httpStatus: response.status,
      error: response.error ?? (isSuccess(response.status) ? null : `HTTP ${response.status}`),
      responseExcerpt: response.excerpt,
      delivered: isSuccess(response.status),
    };
    const result = await finishAttempt(storage.db, claim, outcome, decide(claim, outcome));
    if (result.disabled) {
      log.warn({ webhook_id: claim.webhook_id, url: claim.url }, 'webhook endpoint disabled: its deliveries kept failing (enable it again when it answers)');
    }
  }

  async function poll(): Promise<void> {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      do {
        again = false;
        const free = settings.concurrency - inFlight.size;
        if (free <= 0) break;
        const claims = await claimDueDeliveries(storage.db, storage.dialect, Date.now(), settings.leaseMs, free);
        for (const claim of claims) {
          const sending = deliver(claim)
            .catch((error: unknown) => log.warn({ err: error, delivery_id: claim.delivery_id }, 'recording a webhook attempt failed; it is sent again when its lease ends'))
            .finally(() => {
              inFlight.delete(sending);
              if (!stopped) void poll();
            });
          inFlight.add(sending);
        }
        if (claims.length === free) again = true;
      } while (again && !stopped);
    } catch (error) {
      log.warn({ err: error }, 'claiming webhook deliveries failed; trying again at the next poll');
    } finally {
      polling = false;
    }
  }

  const timer = setInterval(() => void poll(), settings.pollMs);
  timer.unref();
  void poll();
  return {
    poke: () => void poll(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      abort.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

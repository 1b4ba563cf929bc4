import type { Kysely } from 'kysely';
import { ApiError, errorEnvelope } from '../domain/errors.js';
import { IDEMPOTENCY_TTL_SECONDS } from '../domain/idempotency.js';
import type { CancellationRequest } from '../domain/cancellation.js';
import type { OrderDetail } from '../domain/order.js';
import { claimIdempotencyKey, saveIdempotentResponse, type StoredRequest } from '../storage/idempotency-repository.js';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';
import { retryOnConflict } from '../storage/write-conflicts.js';

export interface WriteRequest {
  projectId: string;
  idempotencyKey: string | null;
  /** requestFingerprint() of the request: what the key is bound to. */
  fingerprint: string;
  now: number;
}

/**
 * What a write answered: the order as written (the HTTP layer renders it, the same way on a
 * replay), or a refusal already in its envelope. A key stored by an earlier release holds the
 * rendered body itself, which a replay sends as it is.
 */
export type WriteOutcome = { order: OrderDetail } | { cancellation: CancellationRequest } | { body: string };

/** What a write's work returns: the order it wrote, or (the SDK's cancellation routes) the request. */
export type WriteResult = { order: OrderDetail } | { cancellation: CancellationRequest };

export interface WriteResponse {
  status: number;
  outcome: WriteOutcome;
  replayed: boolean;
}

export type WriteWork = (trx: Kysely<Database>) => Promise<{ status: number } & WriteResult>;

/** The stored form: `{"order": …}` or `{"cancellation": …}` (JSON keeps key order, so rendering it again gives the same bytes). */
const storedBody = (result: WriteResult) => JSON.stringify('order' in result ? { order: result.order } : { cancellation: result.cancellation });

function storedOutcome(body: string): WriteOutcome {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const keys = Object.keys(parsed);
  if (keys.length === 1 && keys[0] === 'order') return { order: parsed.order as OrderDetail };
  if (keys.length === 1 && keys[0] === 'cancellation') return { cancellation: parsed.cancellation as CancellationRequest };
  return { body };
}

/**
 * New ids collide with existing ones once in a blue moon, and another writer can win a race for
 * the database; either way the transaction rolled back whole, so it is run again.
 */
const ATTEMPTS = 4;

function replay(stored: StoredRequest, fingerprint: string): WriteResponse {
  if (stored.request_hash !== fingerprint || stored.response_status === null || stored.response_body === null) {
    throw new ApiError('PROCESS_DUPLICATED', undefined, { reason: 'idempotency_key_reused' });
  }
  return { status: stored.response_status, outcome: storedOutcome(stored.response_body), replayed: true };
}

async function outcome(work: WriteWork, trx: Kysely<Database>): Promise<{ status: number; outcome: WriteOutcome; body: string }> {
  try {
    const { status, ...result } = await work(trx);
    return { status, outcome: result, body: storedBody(result) };
  } catch (error) {
    // A refusal (404, 409) is the request's answer and is kept with the key, as a success is.
    if (error instanceof ApiError) {
      const body = JSON.stringify(errorEnvelope(error));
      return { status: error.status, outcome: { body }, body };
    }
    throw error;
  }
}

/**
 * Runs a write in one transaction together with its idempotency key: the key, the work and the
 * stored response commit together or not at all, so a crash can never leave a key without its
 * answer, nor an answered request without its key.
 */
export async function runIdempotentWrite(storage: Storage, request: WriteRequest, work: WriteWork): Promise<WriteResponse> {
  const { idempotencyKey: key, projectId, fingerprint, now } = request;
  const once = () =>
    storage.db.transaction().execute(async (trx): Promise<WriteResponse> => {
      if (key === null) {
        const { status, ...result } = await work(trx);
        return { status, outcome: result, replayed: false };
      }
      const scope = { projectId, key };
      const claim = await claimIdempotencyKey(trx, scope, fingerprint, now, now - IDEMPOTENCY_TTL_SECONDS);
      if (!claim.claimed) return replay(claim.stored, fingerprint);
      const response = await outcome(work, trx);
      await saveIdempotentResponse(trx, scope, { status: response.status, body: response.body });
      return { status: response.status, outcome: response.outcome, replayed: false };
    });
  return retryOnConflict(ATTEMPTS, once);
}

import type { Kysely } from 'kysely';
import { ApiError, errorEnvelope } from '../domain/errors.js';
import { IDEMPOTENCY_TTL_SECONDS } from '../domain/idempotency.js';
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

/** A response as sent: the body already serialised, so a replay is byte for byte the original. */
export interface WriteResponse {
  status: number;
  body: string;
  replayed: boolean;
}

export type WriteWork = (trx: Kysely<Database>) => Promise<{ status: number; body: unknown }>;

/**
 * New ids collide with existing ones once in a blue moon, and another writer can win a race for
 * the database; either way the transaction rolled back whole, so it is run again.
 */
const ATTEMPTS = 4;

function replay(stored: StoredRequest, fingerprint: string): WriteResponse {
  if (stored.request_hash !== fingerprint || stored.response_status === null || stored.response_body === null) {
    throw new ApiError('PROCESS_DUPLICATED', undefined, { reason: 'idempotency_key_reused' });
  }
  return { status: stored.response_status, body: stored.response_body, replayed: true };
}

async function outcome(work: WriteWork, trx: Kysely<Database>): Promise<{ status: number; body: string }> {
  try {
    const result = await work(trx);
    return { status: result.status, body: JSON.stringify(result.body) };
  } catch (error) {
    // A refusal (404, 409) is the request's answer and is kept with the key, as a success is.
    if (error instanceof ApiError) return { status: error.status, body: JSON.stringify(errorEnvelope(error)) };
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
        const result = await work(trx);
        return { status: result.status, body: JSON.stringify(result.body), replayed: false };
      }
      const scope = { projectId, key };
      const claim = await claimIdempotencyKey(trx, scope, fingerprint, now, now - IDEMPOTENCY_TTL_SECONDS);
      if (!claim.claimed) return replay(claim.stored, fingerprint);
      const response = await outcome(work, trx);
      await saveIdempotentResponse(trx, scope, response);
      return { ...response, replayed: false };
    });
  return retryOnConflict(ATTEMPTS, once);
}

import type { Kysely } from 'kysely';
import { allProjects } from './distribution.js';
import type { Database, IdempotencyKeyTable } from './schema.js';
import type { Storage } from './storage.js';

export interface IdempotencyScope {
  projectId: string;
  key: string;
}

export type StoredRequest = Pick<IdempotencyKeyTable, 'request_hash' | 'response_status' | 'response_body' | 'created_at'>;

export type Claim = { claimed: true } | { claimed: false; stored: StoredRequest };

/**
 * Takes the key for this request, inside the caller's transaction. When another transaction
 * holds the key, the insert waits for it to end (the primary key's lock on Postgres, the single
 * writer on SQLite) and then sees its stored response. A key older than `expiredBefore` is taken
 * over as if it were new.
 */
export async function claimIdempotencyKey(
  trx: Kysely<Database>,
  scope: IdempotencyScope,
  requestHash: string,
  now: number,
  expiredBefore: number,
): Promise<Claim> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      project_id: scope.projectId,
      idempotency_key: scope.key,
      request_hash: requestHash,
      response_status: null,
      response_body: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { claimed: true };

  const stored = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body', 'created_at'])
    .where('project_id', '=', scope.projectId)
    .where('idempotency_key', '=', scope.key)
    .executeTakeFirstOrThrow();
  if (stored.created_at >= expiredBefore) return { claimed: false, stored };

  const renewed = await trx
    .updateTable('idempotency_keys')
    .set({ request_hash: requestHash, response_status: null, response_body: null, created_at: now })
    .where('project_id', '=', scope.projectId)
    .where('idempotency_key', '=', scope.key)
    .where('created_at', '=', stored.created_at)
    .executeTakeFirst();
  if (Number(renewed.numUpdatedRows) === 1) return { claimed: true };
  // Another request renewed it first; what it stored is the answer.
  return claimIdempotencyKey(trx, scope, requestHash, now, expiredBefore);
}

export async function saveIdempotentResponse(
  trx: Kysely<Database>,
  scope: IdempotencyScope,
  response: { status: number; body: string },
): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: response.body })
    .where('project_id', '=', scope.projectId)
    .where('idempotency_key', '=', scope.key)
    .execute();
}

/** Deletes keys past their replay window; returns how many. */
export async function purgeExpiredIdempotencyKeys(storage: Storage, expiredBefore: number): Promise<number> {
  const result = await storage.db.deleteFrom('idempotency_keys').where('created_at', '<', expiredBefore)
    .modifyEnd(allProjects('expiry of idempotency keys')).executeTakeFirst();
  return Number(result.numDeletedRows);
}

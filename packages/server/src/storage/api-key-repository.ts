import type { KeyScope } from '../domain/credentials.js';
import type { Storage } from './storage.js';

export interface ApiKeyRecord {
  client_key: string;
  project_id: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
  scope: KeyScope;
}

export async function insertApiKey(storage: Storage, key: ApiKeyRecord): Promise<void> {
  await storage.db.insertInto('api_keys').values(key).execute();
}

export async function findActiveApiKey(storage: Storage, clientKey: string): Promise<ApiKeyRecord | undefined> {
  return storage.db
    .selectFrom('api_keys')
    .selectAll()
    .where('client_key', '=', clientKey)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Revokes a key pair; returns false when no active key had that client key. */
export async function revokeApiKey(storage: Storage, clientKey: string, at: number): Promise<boolean> {
  const result = await storage.db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('client_key', '=', clientKey)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

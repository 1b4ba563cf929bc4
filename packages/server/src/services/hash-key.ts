import { newHashKey } from '../domain/credentials.js';
import { getOrCreateSetting } from '../storage/settings-repository.js';
import type { Storage } from '../storage/storage.js';

/**
 * The key that secrets are hashed and tokens signed with. JUMUN_HASH_KEY wins (keep it outside
 * the database in production); otherwise one is made on first use and kept in `settings`, so
 * every server on the same database agrees.
 */
export async function loadHashKey(storage: Storage): Promise<string> {
  const fromEnv = process.env.JUMUN_HASH_KEY;
  if (fromEnv) return fromEnv;
  return getOrCreateSetting(storage, 'hash_key', newHashKey);
}

import { isUnsafeText } from '../domain/text-safety.js';
import { parseBasicCredentials, readAccessToken, secretMatches, type KeyScope } from '../domain/credentials.js';
import { findActiveApiKey } from '../storage/api-key-repository.js';
import type { Storage } from '../storage/storage.js';

const UNKNOWN_KEY_HASH = '0'.repeat(64);

export interface Caller {
  projectId: string;
  clientKey: string;
  scope: KeyScope;
}

/** Checks an Authorization header (Basic key pair or Bearer token); null for any failure. */
export async function authenticate(
  storage: Storage,
  hashKey: string,
  authorization: string | undefined,
  now: number,
): Promise<Caller | null> {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space < 0) return null;
  const scheme = authorization.slice(0, space).toLowerCase();
  const credential = authorization.slice(space + 1).trim();
  if (credential.length === 0 || credential.length > 1024 || isUnsafeText(credential)) return null;

  if (scheme === 'basic') {
    const pair = parseBasicCredentials(credential);
    if (!pair) return null;
    const key = await findActiveApiKey(storage, pair.clientKey);
    // An unknown key still costs one hash, so timing does not tell which half was wrong.
    const matches = secretMatches(hashKey, pair.secretKey, key?.secret_hash ?? UNKNOWN_KEY_HASH);
    if (!key || !matches) return null;
    return { projectId: key.project_id, clientKey: key.client_key, scope: key.scope };
  }
  if (scheme === 'bearer') {
    const clientKey = readAccessToken(hashKey, credential, now);
    if (!clientKey) return null;
    // A revoked key's tokens stop working at once.
    const key = await findActiveApiKey(storage, clientKey);
    return key ? { projectId: key.project_id, clientKey: key.client_key, scope: key.scope } : null;
  }
  return null;
}

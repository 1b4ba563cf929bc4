import type { ChangeChannel, OperatorRole } from '../contract/constants.js';
import type { HistoryActor } from '../domain/history-actor.js';
import { isUnsafeText } from '../domain/text-safety.js';
import { parseBasicCredentials, readAccessToken, secretMatches, type KeyScope } from '../domain/credentials.js';
import { findActiveApiKey } from '../storage/api-key-repository.js';
import type { Storage } from '../storage/storage.js';

const UNKNOWN_KEY_HASH = '0'.repeat(64);

/** A staff member signed in to the console (services/operator-sessions.ts). */
export interface OperatorIdentity {
  operator_id: string;
  name: string;
  email: string;
  role: OperatorRole;
}

/**
 * Who is calling: an API key (machines, channel `api`) or an operator's console session
 * (channel `console`). `clientKey` is the key's client_key, or `operator:<id>` for an operator:
 * the rate-limit bucket and the history's old `actor` column.
 */
export interface Caller {
  projectId: string;
  clientKey: string;
  scope: KeyScope;
  kind: 'key' | 'operator';
  operator: OperatorIdentity | null;
  channel: ChangeChannel;
  /** The console session (its token for the CSRF check and sign-out, its ends); null for keys. */
  session: { token: string; expiresAt: number; idleExpiresAt: number } | null;
}

export function keyCaller(key: { project_id: string; client_key: string; scope: KeyScope }): Caller {
  return { projectId: key.project_id, clientKey: key.client_key, scope: key.scope, kind: 'key', operator: null, channel: 'api', session: null };
}

/** What the order's history records of the caller. */
export function historyActorOf(caller: Caller): HistoryActor {
  if (caller.operator) {
    return { actor: caller.clientKey, actor_type: 'operator', actor_id: caller.operator.operator_id, actor_name: caller.operator.name, channel: caller.channel };
  }
  return { actor: caller.clientKey, actor_type: 'key', actor_id: caller.clientKey, actor_name: null, channel: caller.channel };
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
    return keyCaller(key);
  }
  if (scheme === 'bearer') {
    const clientKey = readAccessToken(hashKey, credential, now);
    if (!clientKey) return null;
    // A revoked key's tokens stop working at once.
    const key = await findActiveApiKey(storage, clientKey);
    return key ? keyCaller(key) : null;
  }
  return null;
}

import type { SessionLimits } from '../config.js';
import { passwordMatches } from '../domain/passwords.js';
import { csrfTokenFor, newOpaqueToken, tokenDigest } from '../domain/session-tokens.js';
import { findOperatorByEmail, type OperatorRow } from '../storage/operator-repository.js';
import { findLiveSession, insertSession, revokeSession, touchSession } from '../storage/operator-session-repository.js';
import type { Storage } from '../storage/storage.js';
import { recordAudit } from './audit-log.js';
import type { Caller, OperatorIdentity } from './authenticate.js';

export interface SignedIn {
  /** The cookie's value: shown once, stored hashed. */
  token: string;
  csrfToken: string;
  operator: OperatorRow;
  expiresAt: number;
}

const identity = (operator: OperatorRow): OperatorIdentity => ({
  operator_id: operator.operator_id, name: operator.name, email: operator.email, role: operator.role,
});

/**
 * Checks an e-mail and password; null for every failure (unknown address, disabled account, no
 * password set yet, wrong password), which the audit log records with the reason.
 */
export async function signIn(
  storage: Storage,
  hashKey: string,
  limits: SessionLimits,
  credentials: { email: string; password: string },
  ip: string,
  now: number,
): Promise<SignedIn | null> {
  const operator = await findOperatorByEmail(storage.db, credentials.email);
  // Always one scrypt, so an unknown address takes as long as a wrong password.
  const matches = await passwordMatches(credentials.password, operator?.password_hash ?? null);
  const refusal = !operator ? 'unknown_email' : operator.disabled_at !== null ? 'disabled' : operator.password_hash === null ? 'no_password' : !matches ? 'wrong_password' : null;
  if (!operator || refusal) {
    await recordAudit(storage.db, {
      projectId: operator?.project_id ?? null, at: now, action: 'sign_in_failed', ip, targetOperatorId: operator?.operator_id ?? null,
      by: { actor_type: 'system', actor_id: null, actor_name: null },
      detail: { email: credentials.email, reason: refusal },
    });
    return null;
  }
  const token = newOpaqueToken();
  const expiresAt = now + limits.absoluteSeconds;
  await storage.db.transaction().execute(async (trx) => {
    await insertSession(trx, { session_hash: tokenDigest(token), operator_id: operator.operator_id, created_at: now, last_seen_at: now, expires_at: expiresAt, revoked_at: null });
    await recordAudit(trx, {
      projectId: operator.project_id, at: now, action: 'sign_in', ip, targetOperatorId: operator.operator_id,
      by: { actor_type: 'operator', actor_id: operator.operator_id, actor_name: operator.name },
    });
  });
  return { token, csrfToken: csrfTokenFor(hashKey, token), operator, expiresAt };
}

export type SessionCheck = { kind: 'valid'; caller: Caller } | { kind: 'ended' };

/**
 * The caller a session cookie stands for: ended when unknown, revoked, idle longer than
 * `idleSeconds`, past its absolute expiry, or its operator disabled. Activity is written at most
 * once a minute (more often only with a shorter idle limit), not on every request.
 */
export async function checkSession(storage: Storage, limits: SessionLimits, token: string, now: number): Promise<SessionCheck> {
  const sessionHash = tokenDigest(token);
  const found = await findLiveSession(storage.db, sessionHash);
  if (!found) return { kind: 'ended' };
  const { session, operator } = found;
  if (operator.disabled_at !== null || session.expires_at <= now || session.last_seen_at + limits.idleSeconds <= now) {
    await revokeSession(storage.db, sessionHash, now);
    return { kind: 'ended' };
  }
  if (now - session.last_seen_at >= Math.min(60, Math.floor(limits.idleSeconds / 2))) await touchSession(storage.db, sessionHash, now);
  const caller: Caller = {
    projectId: operator.project_id,
    clientKey: `operator:${operator.operator_id}`,
    scope: operator.role === 'viewer' ? 'read' : 'write',
    kind: 'operator',
    operator: identity(operator),
    channel: 'console',
    session: { token, expiresAt: session.expires_at, idleExpiresAt: Math.min(session.expires_at, now + limits.idleSeconds) },
  };
  return { kind: 'valid', caller };
}

export async function signOut(storage: Storage, caller: Caller, ip: string, now: number): Promise<void> {
  const { operator, session } = caller;
  if (!session || !operator) return;
  await storage.db.transaction().execute(async (trx) => {
    await revokeSession(trx, tokenDigest(session.token), now);
    await recordAudit(trx, {
      projectId: caller.projectId, at: now, action: 'sign_out', ip, targetOperatorId: operator.operator_id,
      by: { actor_type: 'operator', actor_id: operator.operator_id, actor_name: operator.name },
    });
  });
}

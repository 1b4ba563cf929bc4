import { ApiError } from '../domain/errors.js';
import { newOrderId } from '../domain/order-ids.js';
import type { NewOperatorInput } from '../domain/operator-input.js';
import { hashPassword } from '../domain/passwords.js';
import { newOpaqueToken, normalizeEmail, tokenDigest } from '../domain/session-tokens.js';
import {
  consumePasswordLink,
  findOperator,
  findOperatorByEmail,
  findOperatorById,
  insertOperator,
  insertPasswordLink,
  listOperators,
  retirePasswordLinks,
  updateOperator,
  type OperatorRow,
} from '../storage/operator-repository.js';
import { revokeOperatorSessions } from '../storage/operator-session-repository.js';
import type { Storage } from '../storage/storage.js';
import { isUniqueViolation, retryOnConflict } from '../storage/write-conflicts.js';
import { recordAudit, type AuditActor } from './audit-log.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

/**
 * An account change, run again when it lost a race with another writer: on SQLite a transaction
 * that read first cannot take the write lock after another process wrote (SQLITE_BUSY), which is
 * what two `jumun operators` commands at once, or the CLI beside a server, run into.
 */
function inWriteTransaction<T>(storage: Storage, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return retryOnConflict(4, () => storage.db.transaction().execute(work));
}

/** A one-time set-password link's token (shown once, stored hashed) and when it stops working. */
export interface PasswordLink {
  token: string;
  expires_at: number;
}

export interface OperatorChange {
  projectId: string;
  by: AuditActor;
  ip?: string | null;
  now: number;
  /** How long a new set-password link works. */
  linkSeconds: number;
}

async function newLink(trx: Storage['db'], operatorId: string, change: OperatorChange): Promise<PasswordLink> {
  const token = newOpaqueToken();
  const expires_at = change.now + change.linkSeconds;
  await insertPasswordLink(trx, { token_hash: tokenDigest(token), operator_id: operatorId, created_at: change.now, expires_at });
  return { token, expires_at };
}

/**
 * Creates a staff account. Without a password it can sign in only after its set-password link is
 * used; with one (the CLI's `--password-stdin`) it can at once.
 */
export async function createOperator(
  storage: Storage,
  input: NewOperatorInput,
  password: string | null,
  change: OperatorChange,
): Promise<{ operator: OperatorRow; link: PasswordLink | null }> {
  const password_hash = password === null ? null : await hashPassword(password);
  const operator: OperatorRow = {
    operator_id: newOrderId(change.now), project_id: change.projectId, ...input,
    password_hash, created_at: change.now, updated_at: change.now, disabled_at: null,
  };
  try {
    return await inWriteTransaction(storage, async (trx) => {
      if (await findOperatorByEmail(trx, input.email)) throw new ApiError('OPERATOR_EMAIL_TAKEN', undefined, { email: input.email });
      await insertOperator(trx, operator);
      const link = password === null ? await newLink(trx, operator.operator_id, change) : null;
      await recordAudit(trx, {
        projectId: change.projectId, at: change.now, action: 'operator.create', by: change.by, ip: change.ip,
        targetOperatorId: operator.operator_id, detail: { email: input.email, name: input.name, role: input.role },
      });
      return { operator, link };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('OPERATOR_EMAIL_TAKEN', undefined, { email: input.email });
    throw error;
  }
}

/** An operator of the project by e-mail (the CLI names accounts so). */
export async function operatorByEmail(storage: Storage, projectId: string, email: string): Promise<OperatorRow> {
  const operator = await findOperatorByEmail(storage.db, normalizeEmail(email));
  if (!operator || operator.project_id !== projectId) throw new ApiError('OPERATOR_NOT_FOUND', `이 프로젝트에 ${email} 운영자가 없습니다.`);
  return operator;
}

export function operatorsOf(storage: Storage, projectId: string): Promise<OperatorRow[]> {
  return listOperators(storage.db, projectId);
}

async function existing(trx: Storage['db'], projectId: string, operatorId: string): Promise<OperatorRow> {
  const operator = await findOperator(trx, projectId, operatorId);
  if (!operator) throw new ApiError('OPERATOR_NOT_FOUND', undefined, { operator_id: operatorId });
  return operator;
}

/** Disables an account: its sessions and links end now; it is kept for the history and the audit log. */
export async function disableOperator(storage: Storage, operatorId: string, change: OperatorChange): Promise<OperatorRow> {
  return inWriteTransaction(storage, async (trx) => {
    const operator = await existing(trx, change.projectId, operatorId);
    if (operator.disabled_at !== null) {
      throw new ApiError('OPERATOR_STATE_CONFLICT', '이미 비활성화된 운영자입니다.', { operator_id: operatorId });
    }
    if (change.by.actor_type === 'operator' && change.by.actor_id === operatorId) {
      throw new ApiError('OPERATOR_STATE_CONFLICT', '자기 자신은 비활성화할 수 없습니다. 다른 관리자에게 요청하세요.', { operator_id: operatorId });
    }
    await updateOperator(trx, operatorId, { disabled_at: change.now, updated_at: change.now });
    await revokeOperatorSessions(trx, operatorId, change.now);
    await retirePasswordLinks(trx, operatorId, change.now);
    await recordAudit(trx, { projectId: change.projectId, at: change.now, action: 'operator.disable', by: change.by, ip: change.ip, targetOperatorId: operatorId, detail: { email: operator.email } });
    return { ...operator, disabled_at: change.now, updated_at: change.now };
  });
}

/**
 * A new set-password link: the old password stops working at once (it may be what leaked), and
 * so do the account's sessions and earlier links.
 */
export async function resetOperatorPassword(storage: Storage, operatorId: string, change: OperatorChange): Promise<{ operator: OperatorRow; link: PasswordLink }> {
  return inWriteTransaction(storage, async (trx) => {
    const operator = await existing(trx, change.projectId, operatorId);
    if (operator.disabled_at !== null) {
      throw new ApiError('OPERATOR_STATE_CONFLICT', '비활성화된 운영자의 비밀번호는 재설정할 수 없습니다.', { operator_id: operatorId });
    }
    await updateOperator(trx, operatorId, { password_hash: null, updated_at: change.now });
    await revokeOperatorSessions(trx, operatorId, change.now);
    await retirePasswordLinks(trx, operatorId, change.now);
    const link = await newLink(trx, operatorId, change);
    await recordAudit(trx, { projectId: change.projectId, at: change.now, action: 'operator.reset_password', by: change.by, ip: change.ip, targetOperatorId: operatorId, detail: { email: operator.email } });
    return { operator: { ...operator, password_hash: null, updated_at: change.now }, link };
  });
}

/** `POST /v1/console/set-password`: uses a link once; the account's other sessions end. */
export async function setPasswordWithLink(storage: Storage, token: string, password: string, ip: string | null, now: number): Promise<OperatorRow> {
  const password_hash = await hashPassword(password);
  return inWriteTransaction(storage, async (trx) => {
    const operatorId = await consumePasswordLink(trx, tokenDigest(token), now);
    const operator = operatorId && (await findOperatorById(trx, operatorId));
    if (!operator || operator.disabled_at !== null) throw new ApiError('SET_PASSWORD_LINK_INVALID');
    await updateOperator(trx, operator.operator_id, { password_hash, updated_at: now });
    await revokeOperatorSessions(trx, operator.operator_id, now);
    await recordAudit(trx, {
      projectId: operator.project_id, at: now, action: 'password_set', ip, targetOperatorId: operator.operator_id,
      by: { actor_type: 'operator', actor_id: operator.operator_id, actor_name: operator.name },
    });
    return { ...operator, password_hash, updated_at: now };
  });
}

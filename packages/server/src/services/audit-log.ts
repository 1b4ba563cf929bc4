import type { ActorType, AuditAction } from '../contract/constants.js';
import { randomBytes } from 'node:crypto';
import { NO_PROJECT } from '../storage/distribution.js';
import { insertAuditEntry, listAuditEntries, type AuditRow } from '../storage/operator-repository.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';

/** Who did something the audit log records: an operator, or `jumun` on the command line (system). */
export interface AuditActor {
  actor_type: ActorType;
  actor_id: string | null;
  actor_name: string | null;
}

export const COMMAND_LINE_ACTOR: AuditActor = { actor_type: 'system', actor_id: null, actor_name: 'jumun CLI' };

export interface AuditEvent {
  projectId: string | null;
  at: number;
  action: AuditAction;
  by: AuditActor;
  targetOperatorId?: string | null;
  ip?: string | null;
  /** What changed; never a password or a token. */
  detail?: Record<string, string | number | null>;
}

let lastId = '';

/**
 * 24 hex digits that sort as the entries were written: milliseconds, then a counter for entries
 * in the same millisecond (then randomness, against other server processes).
 */
function newAuditId(): string {
  const stamp = Date.now().toString(16).padStart(12, '0');
  let id = stamp + randomBytes(6).toString('hex');
  if (id <= lastId) id = (BigInt(`0x${lastId}`) + 1n).toString(16).padStart(24, '0');
  lastId = id;
  return id;
}

export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await insertAuditEntry(db, {
    audit_id: newAuditId(),
    project_id: event.projectId ?? NO_PROJECT,
    at: event.at,
    action: event.action,
    ...event.by,
    target_operator_id: event.targetOperatorId ?? null,
    ip: event.ip ?? null,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  });
}

export const AUDIT_PAGE = 200;

/** The project's latest audit entries, newest first. */
export function readAuditLog(storage: Storage, projectId: string, limit = AUDIT_PAGE): Promise<AuditRow[]> {
  return listAuditEntries(storage.db, projectId, limit);
}

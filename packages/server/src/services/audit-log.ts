import type { ActorType, AuditAction } from '../contract/constants.js';
import { newOrderId } from '../domain/order-ids.js';
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

export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await insertAuditEntry(db, {
    audit_id: newOrderId(event.at),
    project_id: event.projectId,
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

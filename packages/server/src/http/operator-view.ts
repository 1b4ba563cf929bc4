import { AUDIT_ACTION_LABELS } from '../contract/constants.js';
import type { ConsoleSession, OperatorView } from '../contract/operator-schemas.js';
import { formatTimestamp } from '../domain/timestamps.js';
import type { OperatorIdentity } from '../services/authenticate.js';
import type { PasswordLink } from '../services/operators.js';
import type { AuditRow, OperatorRow } from '../storage/operator-repository.js';

export function operatorView(operator: OperatorRow): OperatorView {
  return {
    operator_id: operator.operator_id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
    state: operator.disabled_at !== null ? 'disabled' : operator.password_hash === null ? 'pending' : 'active',
    created_at: formatTimestamp(operator.created_at),
    disabled_at: formatTimestamp(operator.disabled_at),
  };
}

export function setPasswordUrl(origin: string, token: string): string {
  return `${origin}/console/set-password?token=${token}`;
}

export function operatorWithLink(operator: OperatorRow, link: PasswordLink, origin: string) {
  return {
    operator: operatorView(operator),
    set_password_url: setPasswordUrl(origin, link.token),
    set_password_expires_at: formatTimestamp(link.expires_at),
  };
}

export function sessionView(operator: OperatorIdentity, csrfToken: string, expiresAt: number, idleExpiresAt: number): ConsoleSession {
  return {
    operator: { operator_id: operator.operator_id, email: operator.email, name: operator.name, role: operator.role },
    csrf_token: csrfToken,
    expires_at: formatTimestamp(expiresAt),
    idle_expires_at: formatTimestamp(idleExpiresAt),
  };
}

export function auditEntryView(entry: AuditRow) {
  return {
    audit_id: entry.audit_id,
    at: formatTimestamp(entry.at),
    action: entry.action,
    action_label: AUDIT_ACTION_LABELS[entry.action]?.ko ?? entry.action,
    actor_type: entry.actor_type,
    actor_id: entry.actor_id,
    actor_name: entry.actor_name,
    target_operator_id: entry.target_operator_id,
    ip: entry.ip,
    detail: entry.detail === null ? null : JSON.parse(entry.detail),
  };
}

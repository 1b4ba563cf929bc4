import { OPERATOR_ROLES, type OperatorRole } from '../contract/constants.js';
import type { KeyScope } from './credentials.js';

export { OPERATOR_ROLES, type OperatorRole };

/**
 * What a request needs: `read` lists, reads, summarizes and exports; `cancel` decides
 * cancellations (approve, reject, cancel); `write` is every other order change (create, payment
 * steps, cancellation requests: what the shop's systems send); `manage` is staff and the audit log.
 */
export type Permission = 'read' | 'cancel' | 'write' | 'manage';

const ROLE_PERMISSIONS: Record<OperatorRole, readonly Permission[]> = {
  viewer: ['read'],
  agent: ['read', 'cancel'],
  admin: ['read', 'cancel', 'write', 'manage'],
};

/** API keys are for machines: a write key changes orders but never manages staff. */
const SCOPE_PERMISSIONS: Record<KeyScope, readonly Permission[]> = {
  read: ['read'],
  write: ['read', 'cancel', 'write'],
};

export function isOperatorRole(value: string): value is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: OperatorRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function scopeAllows(scope: KeyScope, permission: Permission): boolean {
  return SCOPE_PERMISSIONS[scope].includes(permission);
}

/** The least role that has the permission, for the refusal's message. */
export function leastRoleFor(permission: Permission): OperatorRole {
  return OPERATOR_ROLES.find((role) => roleAllows(role, permission))!;
}

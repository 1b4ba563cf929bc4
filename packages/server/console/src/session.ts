/**
 * The signed-in operator, as `GET /v1/console/session` answers. The session itself is an
 * HttpOnly cookie the page cannot read; only its CSRF token (sent on writes) is kept, in memory.
 */
import type { ConsoleSession } from './api-types.js';

export type OperatorRole = ConsoleSession['operator']['role'];

export interface Session {
  operator: ConsoleSession['operator'];
  csrfToken: string;
  /** Milliseconds since the epoch: the absolute end, and the end if nothing more is done. */
  expiresAt: number;
  idleExpiresAt: number;
}

export function sessionFrom(body: ConsoleSession): Session {
  return {
    operator: body.operator,
    csrfToken: body.csrf_token,
    expiresAt: Date.parse(body.expires_at),
    idleExpiresAt: Date.parse(body.idle_expires_at),
  };
}

/** What each role may do, as the server enforces it (domain/roles.ts); the console only hides what would be refused. */
export type Permission = 'read' | 'cancel' | 'write' | 'manage';

const ROLE_PERMISSIONS: Record<OperatorRole, readonly Permission[]> = {
  viewer: ['read'],
  agent: ['read', 'cancel'],
  admin: ['read', 'cancel', 'write', 'manage'],
};

export function can(session: Session, permission: Permission): boolean {
  return ROLE_PERMISSIONS[session.operator.role].includes(permission);
}

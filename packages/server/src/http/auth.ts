import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionLimits } from '../config.js';
import { ApiError } from '../domain/errors.js';
import { leastRoleFor, roleAllows, scopeAllows, type Permission } from '../domain/roles.js';
import { csrfTokenMatches, readCookie, SESSION_COOKIE, sessionCookie } from '../domain/session-tokens.js';
import { nowSeconds } from '../domain/timestamps.js';
import { authenticate, type Caller } from '../services/authenticate.js';
import { checkSession } from '../services/operator-sessions.js';
import type { Storage } from '../storage/storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/**
 * A route's preHandler: the caller may do what the route needs. Keys answer by scope (a read key
 * writing is 403 / 1703), operators by role (403 / 1713). The one place roles are enforced.
 */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = callerOf(request);
    if (caller.operator) {
      if (roleAllows(caller.operator.role, permission)) return;
      throw new ApiError('ROLE_FORBIDDEN', undefined, { role: caller.operator.role, required_role: leastRoleFor(permission) });
    }
    if (permission === 'manage') throw new ApiError('ROLE_FORBIDDEN', 'API 키로는 운영자를 관리할 수 없습니다. 관리자 계정으로 콘솔에서 하세요.', { role: null, required_role: 'admin' });
    if (!scopeAllows(caller.scope, permission)) throw new ApiError('KEY_SCOPE_FORBIDDEN');
  };
}

/** A route's preHandler: only `write` keys (and admins) may change anything. */
export const requireWriteScope = requirePermission('write');

/** The authenticated caller of a route registered behind `requireCaller`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ApiError('AUTH_FAILED');
  return request.caller;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin this request was addressed to, as a browser writes it in `Origin`. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? ''}`;
}

/** A browser request from another site: its Origin (or Sec-Fetch-Site) says so. */
export function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin !== ownOrigin(request);
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** `Secure` when the request came over TLS, or always when configured so (behind a TLS proxy). */
export function secureCookies(request: FastifyRequest, limits: SessionLimits): boolean {
  return limits.secureCookies === 'always' || request.protocol === 'https';
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, limits: SessionLimits): void {
  reply.header('set-cookie', sessionCookie('', { secure: secureCookies(request, limits), maxAge: 0 }));
}

/**
 * A console request: the session cookie, and for every state-changing method the session's CSRF
 * token in `X-CSRF-Token` and no foreign `Origin`.
 */
async function sessionCaller(storage: Storage, hashKey: string, limits: SessionLimits, token: string, request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
  const session = await checkSession(storage, limits, token, nowSeconds());
  if (session.kind === 'ended') {
    clearSessionCookie(request, reply, limits);
    throw new ApiError('SESSION_EXPIRED');
  }
  if (!SAFE_METHODS.has(request.method)) {
    const csrf = request.headers['x-csrf-token'];
    if (isCrossSite(request) || !csrfTokenMatches(hashKey, token, typeof csrf === 'string' ? csrf : undefined)) {
      throw new ApiError('CSRF_REJECTED');
    }
  }
  return session.caller;
}

/**
 * Authenticates every request in the scope it is registered in: an Authorization header (API
 * keys, machines) or else the console's session cookie. Every key failure looks the same
 * (401 / 1700), so a caller never learns which half of a key pair was wrong.
 */
export function requireCaller(app: FastifyInstance, storage: Storage, hashKey: string, limits: SessionLimits): void {
  const limiter = app.rateLimiter;
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    limiter.checkAuthAllowed(request, reply);
    const sessionToken = readCookie(request.headers.cookie, SESSION_COOKIE);
    let caller: Caller | null;
    if (!request.headers.authorization && sessionToken) {
      caller = await sessionCaller(storage, hashKey, limits, sessionToken, request, reply);
    } else {
      caller = await authenticate(storage, hashKey, request.headers.authorization, nowSeconds());
    }
    if (!caller) {
      limiter.recordAuthFailure(request);
      throw new ApiError('AUTH_FAILED');
    }
    request.caller = caller;
    limiter.takeKeyRequest(caller.clientKey, reply);
  });
}

/** A route's preHandler for heavy work (exports, summaries): bounded per project. */
export async function heavyWork(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await request.server.rateLimiter.holdHeavySlot(callerOf(request).projectId, reply);
}

/** The list's preHandler: a keyword search is heavy work, other lists are light. */
export async function heavyWhenKeyword(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const keyword = (request.query as Record<string, string[] | undefined>).keyword;
  if (keyword?.some((value) => value !== '')) await heavyWork(request, reply);
}

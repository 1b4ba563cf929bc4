import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionLimits } from '../../config.js';
import { OPERATOR_OPERATIONS } from '../../contract/operations.js';
import { ApiError } from '../../domain/errors.js';
import { checkNewPassword, readSignIn } from '../../domain/operator-input.js';
import { csrfTokenFor, sessionCookie } from '../../domain/session-tokens.js';
import { nowSeconds } from '../../domain/timestamps.js';
import type { Caller } from '../../services/authenticate.js';
import { signIn, signOut } from '../../services/operator-sessions.js';
import { setPasswordWithLink } from '../../services/operators.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, clearSessionCookie, isCrossSite, secureCookies } from '../auth.js';
import { sessionView } from '../operator-view.js';

function consoleCaller(request: FastifyRequest): Caller & { operator: NonNullable<Caller['operator']>; session: NonNullable<Caller['session']> } {
  const caller = callerOf(request);
  // An API key has no console session.
  if (!caller.operator || !caller.session) throw new ApiError('SESSION_EXPIRED', '콘솔 로그인 세션이 없습니다.');
  return caller as never;
}

/** Sign-in and set-password: no session yet, so they check the origin and count failures per IP and per account. */
export function consoleSignInRoutes(app: FastifyInstance, storage: Storage, hashKey: string, limits: SessionLimits): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const limiter = app.rateLimiter;

  api.post('/v1/console/session', OPERATOR_OPERATIONS.signIn, async (request, reply) => {
    // A foreign page must not sign the browser in to an account of its choosing.
    if (isCrossSite(request)) throw new ApiError('CSRF_REJECTED');
    limiter.checkAuthAllowed(request, reply);
    const credentials = readSignIn(request.body);
    if (credentials) limiter.checkSignInAllowed(credentials.email, reply);
    const now = nowSeconds();
    const signed = credentials && (await signIn(storage, hashKey, limits, credentials, request.ip, now));
    if (!signed) {
      limiter.recordAuthFailure(request);
      if (credentials) limiter.recordSignInFailure(credentials.email);
      throw new ApiError('SIGN_IN_FAILED');
    }
    reply.header('set-cookie', sessionCookie(signed.token, { secure: secureCookies(request, limits), maxAge: limits.absoluteSeconds }));
    return sessionView(signed.operator, signed.csrfToken, signed.expiresAt, Math.min(signed.expiresAt, now + limits.idleSeconds));
  });

  api.post('/v1/console/set-password', OPERATOR_OPERATIONS.setPassword, async (request, reply) => {
    if (isCrossSite(request)) throw new ApiError('CSRF_REJECTED');
    limiter.checkAuthAllowed(request, reply);
    const password = checkNewPassword(request.body.password);
    try {
      const operator = await setPasswordWithLink(storage, request.body.token, password, request.ip, nowSeconds());
      return { email: operator.email };
    } catch (error) {
      if (error instanceof ApiError && error.name === 'SET_PASSWORD_LINK_INVALID') limiter.recordAuthFailure(request);
      throw error;
    }
  });
}

/** The signed-in session: who, its CSRF token and ends; sign-out. Registered behind requireCaller. */
export function consoleSessionRoutes(app: FastifyInstance, storage: Storage, hashKey: string, limits: SessionLimits): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/v1/console/session', OPERATOR_OPERATIONS.consoleSession, async (request) => {
    const { operator, session } = consoleCaller(request);
    return sessionView(operator, csrfTokenFor(hashKey, session.token), session.expiresAt, session.idleExpiresAt);
  });

  api.delete('/v1/console/session', OPERATOR_OPERATIONS.signOut, async (request, reply) => {
    await signOut(storage, consoleCaller(request), request.ip, nowSeconds());
    clearSessionCookie(request, reply, limits);
    return { signed_out: true as const };
  });
}

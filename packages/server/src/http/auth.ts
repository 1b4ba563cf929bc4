import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../domain/errors.js';
import { nowSeconds } from '../domain/timestamps.js';
import { authenticate, type Caller } from '../services/authenticate.js';
import type { Storage } from '../storage/storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** A route's preHandler: only `write` keys may change anything. */
export async function requireWriteScope(request: FastifyRequest): Promise<void> {
  if (callerOf(request).scope !== 'write') throw new ApiError('KEY_SCOPE_FORBIDDEN');
}

/** The authenticated caller of a route registered behind `requireCaller`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ApiError('AUTH_FAILED');
  return request.caller;
}

/**
 * Authenticates every request in the scope it is registered in. Every failure looks the same
 * (401 / 1700), so a caller never learns which half of a key pair was wrong.
 */
export function requireCaller(app: FastifyInstance, storage: Storage, hashKey: string): void {
  const limiter = app.rateLimiter;
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    limiter.checkAuthAllowed(request, reply);
    const caller = await authenticate(storage, hashKey, request.headers.authorization, nowSeconds());
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

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../domain/errors.js';
import { nowSeconds } from '../domain/timestamps.js';
import { authenticate, type Caller } from '../services/authenticate.js';
import type { Storage } from '../storage/storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
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
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const caller = await authenticate(storage, hashKey, request.headers.authorization, nowSeconds());
    if (!caller) throw new ApiError('AUTH_FAILED');
    request.caller = caller;
  });
}

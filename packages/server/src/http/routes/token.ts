import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { OPERATIONS } from '../../contract/operations.js';
import { issueAccessToken, TOKEN_LIFETIME_SECONDS } from '../../domain/credentials.js';
import { ApiError } from '../../domain/errors.js';
import { formatTimestamp, nowSeconds } from '../../domain/timestamps.js';
import { authenticate } from '../../services/authenticate.js';
import type { Storage } from '../../storage/storage.js';

/** `POST /v1/request/token`: a key pair (Basic header, or JSON body) for a 30-minute Bearer token. */
export function tokenRoutes(app: FastifyInstance, storage: Storage, hashKey: string): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/request/token',
    { ...OPERATIONS.token },
    async (request, reply) => {
      const now = nowSeconds();
      const body: { client_key?: string; secret_key?: string } = request.body ?? {};
      const authorization = request.headers.authorization
        ?? (body.client_key && body.secret_key
          ? `Basic ${Buffer.from(`${body.client_key}:${body.secret_key}`).toString('base64')}`
          : undefined);
      request.server.rateLimiter.checkAuthAllowed(request, reply);
      const caller = await authenticate(storage, hashKey, authorization, now);
      if (!caller || authorization?.toLowerCase().startsWith('bearer')) {
        request.server.rateLimiter.recordAuthFailure(request);
        throw new ApiError('AUTH_FAILED');
      }
      request.server.rateLimiter.takeKeyRequest(caller.clientKey, reply);
      const expiresAt = now + TOKEN_LIFETIME_SECONDS;
      return { access_token: issueAccessToken(hashKey, caller.clientKey, expiresAt), expired_at: formatTimestamp(expiresAt) };
    },
  );
}

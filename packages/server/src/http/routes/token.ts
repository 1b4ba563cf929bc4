import type { FastifyInstance } from 'fastify';
import { issueAccessToken, TOKEN_LIFETIME_SECONDS } from '../../domain/credentials.js';
import { ApiError } from '../../domain/errors.js';
import { formatTimestamp, nowSeconds } from '../../domain/timestamps.js';
import { authenticate } from '../../services/authenticate.js';
import type { Storage } from '../../storage/storage.js';

interface TokenBody {
  client_key?: string;
  secret_key?: string;
}

const tokenBodySchema = {
  type: ['object', 'null'],
  properties: {
    client_key: { type: 'string', maxLength: 256 },
    secret_key: { type: 'string', maxLength: 256 },
  },
} as const;

const tokenResponseSchema = {
  type: 'object',
  properties: { access_token: { type: 'string' }, expired_at: { type: 'string' } },
} as const;

/** `POST /v1/request/token`: a key pair (Basic header, or JSON body) for a 30-minute Bearer token. */
export function tokenRoutes(app: FastifyInstance, storage: Storage, hashKey: string): void {
  app.post<{ Body: TokenBody | null }>(
    '/v1/request/token',
    { schema: { body: tokenBodySchema, response: { 200: tokenResponseSchema } } },
    async (request, reply) => {
      const now = nowSeconds();
      const body = request.body ?? {};
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

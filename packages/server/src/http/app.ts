import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../config.js';
import { consoleRoutes } from '../console/console-routes.js';
import { ApiError, invalidField, invalidParameter } from '../domain/errors.js';
import { parseQueryString } from '../domain/raw-query.js';
import { findUnsafeText, isUnsafeText, jsonNestsDeeperThan, SAFE_TEXT_FORM, showUnsafeText } from '../domain/text-safety.js';
import type { Storage } from '../storage/storage.js';
import { requireCaller } from './auth.js';
import { installErrorHandling } from './error-handler.js';
import { requestLogSerializer } from './log-redaction.js';
import { RateLimiter } from './rate-limits.js';
import { readAfterWrite } from './read-after-write.js';
import { frameworkError, handleClientError } from './transport-errors.js';
import { registerOpenApi } from './openapi.js';
import { metricsRoutes } from './metrics.js';
import { healthRoutes } from './routes/health.js';
import { orderExportRoutes } from './routes/order-export.js';
import { orderSummaryRoutes } from './routes/order-summary.js';
import { orderWriteRoutes } from './routes/order-writes.js';
import { orderCancellationRoutes } from './routes/order-cancellations.js';
import { orderReadRoutes } from './routes/orders.js';
import { subscriptionReadRoutes } from './routes/subscriptions.js';
import { tokenRoutes } from './routes/token.js';
import { consoleSessionRoutes, consoleSignInRoutes } from './routes/console-session.js';
import { operatorRoutes } from './routes/operators.js';
import { savedViewRoutes } from './routes/saved-views.js';
import { webhookRoutes } from './routes/webhooks.js';
import { securityHeaders } from './security-headers.js';

export interface AppOptions {
  storage: Storage;
  config: ServiceConfig;
  hashKey: string;
  /** Pino options, or false for none. */
  logger?: boolean | object;
  /** Runs before any route is added, so hooks it adds see every route (tests observe payloads with it). */
  beforeRoutes?: (app: FastifyInstance) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** No body this API takes nests deeper than a few levels; far deeper ones are refused unparsed. */
export const MAX_JSON_DEPTH = 32;

declare module 'fastify' {
  interface FastifyInstance {
    /** Set when the server is shutting down: new requests are answered 503 while in-flight ones finish. */
    lifecycle: { draining: boolean };
  }
}

/**
 * Query values and path parameters: none may carry NUL or a lone surrogate. Routes parse the query
 * into arrays (RawQuery); the not-found handler gets Fastify's plain parse, so take either.
 */
function refuseUnsafeParameters(query: Record<string, unknown>, params: Record<string, string>): void {
  for (const [name, given] of Object.entries(query)) {
    const values = (Array.isArray(given) ? given : [given]).filter((v): v is string => typeof v === 'string');
    const unsafe = values.find(isUnsafeText);
    if (unsafe !== undefined) throw invalidParameter(name, showUnsafeText(unsafe), SAFE_TEXT_FORM);
  }
  for (const [name, value] of Object.entries(params)) {
    if (isUnsafeText(value)) throw invalidParameter(name, showUnsafeText(value), SAFE_TEXT_FORM);
  }
}

function parseJsonBody(text: string): unknown {
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new ApiError('INVALID_BODY', `요청 본문의 JSON이 너무 깊게 중첩되어 있습니다 (최대 ${MAX_JSON_DEPTH}단계).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_BODY', 'JSON 형식이 아닙니다.');
  }
  const unsafe = findUnsafeText(body);
  if (unsafe) throw invalidField(unsafe.path || 'body', showUnsafeText(unsafe.value), SAFE_TEXT_FORM);
  return body;
}

export async function buildApp({ storage, config, hashKey, logger = false, beforeRoutes }: AppOptions): Promise<FastifyInstance> {
  const limits = config.http;
  const serializers = { req: requestLogSerializer };
  const app = Fastify({
    logger:
      logger === true
        ? { redact: ['req.headers.authorization'], serializers }
        : logger && { ...logger, serializers: { ...(logger as { serializers?: object }).serializers, ...serializers } },
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 100 },
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1_000, maxHeaderSize: 16_384 },
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    clientErrorHandler: handleClientError,
    frameworkErrors: frameworkError,
    // Our own 503 in the envelope (see the draining hook below) instead of Fastify's.
    return503OnClosing: false,
    // Schemas check, they do not guess: with Fastify's defaults a body's `"price": null` would
    // become 0 and a misspelt field would vanish. `verbose` lets a 400 show the value received.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, verbose: true } },
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  // Bootpay's SDK sends Content-Type: application/json on every call, bodiless ones included.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, null);
    try {
      done(null, parseJsonBody(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.server.maxConnections = limits.maxConnections;

  app.decorate('lifecycle', { draining: false });
  app.decorate('rateLimiter', new RateLimiter(config.rateLimits));
  app.addHook('onRequest', async (request, reply) => {
    if (app.lifecycle.draining && request.routeOptions.url !== '/livez') {
      reply.header('retry-after', '5').header('connection', 'close');
      throw new ApiError('SHUTTING_DOWN');
    }
    refuseUnsafeParameters((request.query ?? {}) as Record<string, unknown>, (request.params ?? {}) as Record<string, string>);
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  beforeRoutes?.(app);
  // JSON and CSV (an export of 1M orders is ~250 MB raw), streams too. gzip and deflate only:
  // brotli at zlib's default quality costs far more CPU than the bytes it saves here.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  securityHeaders(app);
  installErrorHandling(app);
  await registerOpenApi(app);
  metricsRoutes(app, storage, config.metricsToken);
  healthRoutes(app, storage);
  tokenRoutes(app, storage, hashKey);
  consoleRoutes(app, config);
  consoleSignInRoutes(app, storage, hashKey, config.sessions);
  await app.register(async (api) => {
    requireCaller(api, storage, hashKey, config.sessions);
    readAfterWrite(api, storage);
    consoleSessionRoutes(api, storage, hashKey, config.sessions);
    operatorRoutes(api, storage, config.sessions);
    savedViewRoutes(api, storage, config);
    orderReadRoutes(api, storage, config, hashKey);
    orderSummaryRoutes(api, storage, config);
    orderExportRoutes(api, storage, config);
    orderWriteRoutes(api, storage, config);
    subscriptionReadRoutes(api, storage, config);
    webhookRoutes(api, storage, config, hashKey);
    orderCancellationRoutes(api, storage);
  });
  return app;
}

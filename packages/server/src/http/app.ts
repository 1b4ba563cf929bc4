import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../config.js';
import { consoleRoutes } from '../console/console-routes.js';
import { parseQueryString } from '../domain/raw-query.js';
import type { Storage } from '../storage/storage.js';
import { requireCaller } from './auth.js';
import { installErrorHandling } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { healthRoutes } from './routes/health.js';
import { orderExportRoutes } from './routes/order-export.js';
import { orderSummaryRoutes } from './routes/order-summary.js';
import { orderWriteRoutes } from './routes/order-writes.js';
import { orderReadRoutes } from './routes/orders.js';
import { tokenRoutes } from './routes/token.js';

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

export async function buildApp({ storage, config, hashKey, logger = false, beforeRoutes }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === true ? { redact: ['req.headers.authorization'] } : logger,
    routerOptions: { querystringParser: parseQueryString },
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
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('JSON 형식이 아닙니다.'), { statusCode: 400 });
      done(error, undefined);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  beforeRoutes?.(app);
  installErrorHandling(app);
  await registerOpenApi(app);
  healthRoutes(app, storage);
  tokenRoutes(app, storage, hashKey);
  consoleRoutes(app, config);
  await app.register(async (api) => {
    requireCaller(api, storage, hashKey);
    orderReadRoutes(api, storage, config);
    orderSummaryRoutes(api, storage, config);
    orderExportRoutes(api, storage, config);
    orderWriteRoutes(api, storage, config);
  });
  return app;
}

import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../config.js';
import { consoleRoutes } from '../console/console-routes.js';
import { parseQueryString } from '../domain/raw-query.js';
import type { Storage } from '../storage/storage.js';
import { requireCaller } from './auth.js';
import { installErrorHandling } from './error-handler.js';
import { metricsRoutes } from './metrics.js';
import { healthRoutes } from './routes/health.js';
import { orderExportRoutes } from './routes/order-export.js';
import { orderSummaryRoutes } from './routes/order-summary.js';
import { orderWriteRoutes } from './routes/order-writes.js';
import { orderReadRoutes } from './routes/orders.js';
import { tokenRoutes } from './routes/token.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { securityHeaders } from './security-headers.js';

export interface AppOptions {
  storage: Storage;
  config: ServiceConfig;
  hashKey: string;
  /** Pino options, or false for none. */
  logger?: boolean | object;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp({ storage, config, hashKey, logger = false }: AppOptions): Promise<FastifyInstance> {
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

  // JSON and CSV (an export of 1M orders is ~250 MB raw), streams too. gzip and deflate only:
  // brotli at zlib's default quality costs far more CPU than the bytes it saves here.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  securityHeaders(app);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installErrorHandling(app);
  metricsRoutes(app, storage, config.metricsToken);
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

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS } from '../../contract/operations.js';
import { parseOrderFilter } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { nowSeconds } from '../../domain/timestamps.js';
import { summarizeOrders } from '../../services/order-summary.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, heavyWork } from '../auth.js';

/** `GET /v1/orders/summary`: 운영 현황과 이슈 for exactly the list's filters (page and limit ignored). */
export function orderSummaryRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get<{ Querystring: RawQuery }>(
    '/v1/orders/summary',
    { ...OPERATIONS.orderSummary, preHandler: heavyWork },
    async (request) => {
      const { projectId } = callerOf(request);
      const filter = parseOrderFilter(request.query, config.timeZone);
      return summarizeOrders(storage, projectId, filter, config, nowSeconds());
    },
  );
}

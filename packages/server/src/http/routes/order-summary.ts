import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { parseOrderFilter } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { nowSeconds } from '../../domain/timestamps.js';
import { summarizeOrders } from '../../services/order-summary.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, heavyWork } from '../auth.js';

const totals = {
  type: 'object',
  properties: { count: { type: 'integer' }, amount: { type: 'integer' } },
} as const;

const issue = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    filter: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const summaryResponse = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    amount: { type: 'integer' },
    by_status: { type: 'object', additionalProperties: totals },
    by_payment_status: { type: 'object', additionalProperties: totals },
    daily: {
      type: 'object',
      properties: {
        date_field: { type: 'string' },
        from: { type: ['string', 'null'] },
        to: { type: ['string', 'null'] },
        truncated: { type: 'boolean' },
        days: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              date: { type: 'string' },
              count: { type: 'integer' },
              amount: { type: 'integer' },
              paid_count: { type: 'integer' },
              paid_amount: { type: 'integer' },
            },
          },
        },
      },
    },
    issues: {
      type: 'object',
      properties: { stuck_payments: issue, cancellation_requests: issue, payment_failures: issue },
    },
    stuck_payment_minutes: { type: 'integer' },
    time_zone: { type: 'string' },
    generated_at: { type: 'string' },
  },
} as const;

/** `GET /v1/orders/summary`: 운영 현황과 이슈 for exactly the list's filters (page and limit ignored). */
export function orderSummaryRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  app.get<{ Querystring: RawQuery }>(
    '/v1/orders/summary',
    { schema: { response: { 200: summaryResponse } }, preHandler: heavyWork },
    async (request) => {
      const { projectId } = callerOf(request);
      const filter = parseOrderFilter(request.query, config.timeZone);
      return summarizeOrders(storage, projectId, filter, config, nowSeconds());
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { parseMonthQuery, parseOrderListQuery } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { readMonthOrders, readOrderDetail, readOrderPage } from '../../services/order-reads.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf } from '../auth.js';
import { orderDetailView, orderListItem } from '../order-view.js';

const listResponse = { response: { 200: { $ref: 'OrderList#' } } };

/** `GET /v1/orders`, `GET /v1/orders/month`, `GET /v1/orders/:order_id`. */
export function orderReadRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  app.get<{ Querystring: RawQuery }>('/v1/orders', { schema: listResponse }, async (request) => {
    const { projectId } = callerOf(request);
    const query = parseOrderListQuery(request.query, config.timeZone);
    const { count, orders } = await readOrderPage(storage, projectId, query, query);
    return { count, list: orders.map(orderListItem) };
  });

  app.get<{ Querystring: RawQuery }>('/v1/orders/month', { schema: listResponse }, async (request) => {
    const { projectId } = callerOf(request);
    const month = parseMonthQuery(request.query, config.timeZone);
    const { count, orders } = await readMonthOrders(storage, projectId, month);
    return { count, list: orders.map(orderListItem) };
  });

  app.get<{ Params: { order_id: string } }>(
    '/v1/orders/:order_id',
    { schema: { response: { 200: { $ref: 'OrderDetail#' } } } },
    async (request) => {
      const { projectId } = callerOf(request);
      return orderDetailView(await readOrderDetail(storage, projectId, request.params.order_id));
    },
  );
}

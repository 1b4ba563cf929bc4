import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS } from '../../contract/operations.js';
import { parseMonthQuery, parseOrderListQuery } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { readMonthOrders, readOrderDetail } from '../../services/order-reads.js';
import { listOrderPage } from '../../services/order-list.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, heavyWhenKeyword } from '../auth.js';
import { orderDetailView, orderListItem } from '../order-view.js';

/** `GET /v1/orders`, `GET /v1/orders/month`, `GET /v1/orders/:order_id`. */
export function orderReadRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig, hashKey: string): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get<{ Querystring: RawQuery }>('/v1/orders', { ...OPERATIONS.listOrders, preHandler: heavyWhenKeyword }, async (request) => {
    const { projectId } = callerOf(request);
    const query = parseOrderListQuery(request.query, config.timeZone);
    const page = await listOrderPage(storage, hashKey, projectId, query);
    return { count: page.count, list: page.orders.map(orderListItem), next_cursor: page.nextCursor };
  });

  api.get<{ Querystring: RawQuery }>('/v1/orders/month', { ...OPERATIONS.monthOrders }, async (request) => {
    const { projectId } = callerOf(request);
    const month = parseMonthQuery(request.query, config.timeZone);
    const { count, orders } = await readMonthOrders(storage, projectId, month);
    return { count, list: orders.map(orderListItem) };
  });

  api.get(
    '/v1/orders/:order_id',
    { ...OPERATIONS.orderDetail },
    async (request) => {
      const { projectId } = callerOf(request);
      return orderDetailView(await readOrderDetail(storage, projectId, request.params.order_id));
    },
  );
}

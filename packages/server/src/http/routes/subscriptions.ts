import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS } from '../../contract/operations.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { parseSubscriptionListQuery } from '../../domain/subscription-query.js';
import { readSubscriptionDetail, readSubscriptionPage } from '../../services/subscription-reads.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf } from '../auth.js';
import { subscriptionDetailView, subscriptionView } from '../subscription-view.js';

/** `GET /v1/order_subscriptions`, `GET /v1/order_subscriptions/:order_subscription_id`. */
export function subscriptionReadRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get<{ Querystring: RawQuery }>('/v1/order_subscriptions', { ...OPERATIONS.listSubscriptions }, async (request) => {
    const { projectId } = callerOf(request);
    const query = parseSubscriptionListQuery(request.query, config.timeZone);
    const { count, contracts } = await readSubscriptionPage(storage, projectId, query);
    return { count, list: contracts.map(subscriptionView) };
  });

  api.get('/v1/order_subscriptions/:order_subscription_id', { ...OPERATIONS.subscriptionDetail }, async (request) => {
    const { projectId } = callerOf(request);
    return subscriptionDetailView(await readSubscriptionDetail(storage, projectId, request.params.order_subscription_id));
  });
}

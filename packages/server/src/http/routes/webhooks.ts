import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS } from '../../contract/operations.js';
import { invalidParameter } from '../../domain/errors.js';
import { startWebhookWorker, type WebhookWorker } from '../../services/webhook-delivery.js';
import { startWebhookPurge } from '../../services/webhook-purge.js';
import {
  createEndpoint,
  disableEndpoint,
  enableEndpoint,
  endpointDeliveries,
  getEndpoint,
  listProjectEndpoints,
  redeliver,
  rotateEndpointSecret,
  sendTestEvent,
} from '../../services/webhooks.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, requireWriteScope } from '../auth.js';
import { webhookDeliveryView, webhookEndpointView } from '../webhook-view.js';

/** The webhook API (docs/webhooks.md), and this process's delivery worker unless JUMUN_WEBHOOKS=off. */
export function webhookRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig, hashKey: string): void {
  const settings = config.webhooks;
  let stopPurge = () => {};
  app.addHook('onReady', async () => {
    stopPurge = startWebhookPurge(storage, settings.retentionMs, (error) => app.log.warn({ err: error }, 'purging finished webhook deliveries failed'));
  });
  app.addHook('onClose', async () => stopPurge());
  let worker: WebhookWorker | null = null;
  if (settings.deliver) {
    app.addHook('onReady', async () => {
      worker = startWebhookWorker(storage, hashKey, settings, app.log);
    });
    app.addHook('onClose', async () => worker?.stop());
  }
  const poke = () => worker?.poke();

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const project = (request: Parameters<typeof callerOf>[0]) => callerOf(request).projectId;

  api.get('/v1/webhooks', OPERATIONS.listWebhooks, async (request) => ({
    list: (await listProjectEndpoints(storage, project(request))).map(webhookEndpointView),
  }));
  api.post('/v1/webhooks', { ...OPERATIONS.createWebhook, preHandler: requireWriteScope }, async (request, reply) => {
    const { secret, ...endpoint } = await createEndpoint(storage, hashKey, project(request), request.body, settings.targets);
    return reply.code(201).send({ ...webhookEndpointView(endpoint), secret });
  });
  api.get('/v1/webhooks/:webhook_id', OPERATIONS.getWebhook, async (request) =>
    webhookEndpointView(await getEndpoint(storage, project(request), request.params.webhook_id)),
  );
  api.post('/v1/webhooks/:webhook_id/disable', { ...OPERATIONS.disableWebhook, preHandler: requireWriteScope }, async (request) =>
    webhookEndpointView(await disableEndpoint(storage, project(request), request.params.webhook_id)),
  );
  api.post('/v1/webhooks/:webhook_id/enable', { ...OPERATIONS.enableWebhook, preHandler: requireWriteScope }, async (request) => {
    const endpoint = await enableEndpoint(storage, project(request), request.params.webhook_id);
    poke();
    return webhookEndpointView(endpoint);
  });
  api.post('/v1/webhooks/:webhook_id/rotate-secret', { ...OPERATIONS.rotateWebhookSecret, preHandler: requireWriteScope }, async (request) => {
    const { secret, ...endpoint } = await rotateEndpointSecret(storage, hashKey, project(request), request.params.webhook_id);
    return { ...webhookEndpointView(endpoint), secret };
  });
  api.get('/v1/webhooks/:webhook_id/deliveries', OPERATIONS.webhookDeliveries, async (request) => {
    const limit = (request.query as Record<string, string[] | undefined>).limit;
    if (limit && limit.length > 1) throw invalidParameter('limit', limit.join('&'), '한 번만 주는 1 이상의 정수');
    const deliveries = await endpointDeliveries(storage, project(request), request.params.webhook_id, limit?.[0]);
    return { list: deliveries.map(webhookDeliveryView) };
  });
  api.post('/v1/webhooks/deliveries/:delivery_id/redeliver', { ...OPERATIONS.redeliverWebhook, preHandler: requireWriteScope }, async (request) => {
    const delivery = await redeliver(storage, project(request), request.params.delivery_id);
    poke();
    return webhookDeliveryView(delivery);
  });
  // The SDK's body ({header_content_type}) only chooses a content type; jumun always sends JSON.
  api.post('/v1/webhook/test', { ...OPERATIONS.sendTestWebhook, preHandler: requireWriteScope }, async (request) => {
    const result = await sendTestEvent(storage, project(request));
    poke();
    return result;
  });
}

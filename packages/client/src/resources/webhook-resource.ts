import { generateIdempotencyKey } from '../transport/idempotency-key.js';
import type { RequestSender } from '../transport/request-sender.js';
import type {
  CreateWebhookParams,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookTestResult,
} from '../generated/api-types.js';

/**
 * Webhooks (웹훅): `commerce.webhook`. `sendTest` is the Bootpay SDK's call; the endpoint
 * management is jumun's (docs/webhooks.md), Bootpay manages its webhooks in its console.
 */
export class WebhookResource {
  constructor(private readonly sender: RequestSender) {}

  /**
   * A `webhook.test` event to every active endpoint: `POST /v1/webhook/test`, as the Bootpay SDK
   * sends it (an `Idempotency-Key`, yours or a new UUID; `header_content_type` only if given).
   */
  sendTest(params: { header_content_type?: number; idempotency_key?: string } = {}): Promise<WebhookTestResult> {
    const { idempotency_key, ...body } = params;
    return this.sender.send<WebhookTestResult>({ method: 'POST', path: 'webhook/test', body, idempotencyKey: idempotency_key ?? generateIdempotencyKey() });
  }

  /** The project's endpoints, without their secrets: `GET /v1/webhooks`. */
  list(): Promise<WebhookEndpointList> {
    return this.sender.send<WebhookEndpointList>({ method: 'GET', path: 'webhooks' });
  }

  /** Registers an endpoint: `POST /v1/webhooks`. The answer's `secret` is shown this once. Not retried (a retry could register it twice). */
  create(params: CreateWebhookParams): Promise<WebhookEndpointWithSecret> {
    return this.sender.send<WebhookEndpointWithSecret>({ method: 'POST', path: 'webhooks', body: params });
  }

  /** Stops sending to an endpoint: `POST /v1/webhooks/:webhook_id/disable` (repeating it changes nothing). */
  disable(webhookId: string): Promise<WebhookEndpoint> {
    return this.sender.send<WebhookEndpoint>({ method: 'POST', path: `webhooks/${encodeURIComponent(webhookId)}/disable`, idempotent: true });
  }

  /** Sends to it again, pending deliveries first: `POST /v1/webhooks/:webhook_id/enable`. */
  enable(webhookId: string): Promise<WebhookEndpoint> {
    return this.sender.send<WebhookEndpoint>({ method: 'POST', path: `webhooks/${encodeURIComponent(webhookId)}/enable`, idempotent: true });
  }

  /** A new signing secret, shown this once: `POST /v1/webhooks/:webhook_id/rotate-secret`. */
  rotateSecret(webhookId: string): Promise<WebhookEndpointWithSecret> {
    return this.sender.send<WebhookEndpointWithSecret>({ method: 'POST', path: `webhooks/${encodeURIComponent(webhookId)}/rotate-secret` });
  }

  /** The endpoint's latest deliveries with every attempt: `GET /v1/webhooks/:webhook_id/deliveries`. */
  deliveries(webhookId: string, params: { limit?: number } = {}): Promise<WebhookDeliveryList> {
    return this.sender.send<WebhookDeliveryList>({ method: 'GET', path: `webhooks/${encodeURIComponent(webhookId)}/deliveries`, query: { ...params } });
  }

  /** Sends one delivery again now: `POST /v1/webhooks/deliveries/:delivery_id/redeliver`. */
  redeliver(deliveryId: string): Promise<WebhookDelivery> {
    return this.sender.send<WebhookDelivery>({ method: 'POST', path: `webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, idempotent: true });
  }
}

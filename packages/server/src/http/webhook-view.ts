import type { WebhookDeliveryView, WebhookEndpointView } from '../contract/webhook-schemas.js';
import { formatTimestamp } from '../domain/timestamps.js';
import type { Delivery, WebhookEndpoint } from '../services/webhooks.js';

const fromMs = (ms: number | null) => (ms === null ? null : formatTimestamp(Math.floor(ms / 1000)));

export function webhookEndpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    webhook_id: endpoint.webhook_id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    status: endpoint.status,
    disabled_reason: endpoint.disabled_reason,
    disabled_at: formatTimestamp(endpoint.disabled_at),
    failing_since: fromMs(endpoint.failing_since_ms),
    secret_created_at: formatTimestamp(endpoint.secret_created_at),
    created_at: formatTimestamp(endpoint.created_at),
  };
}

export function webhookDeliveryView(delivery: Delivery): WebhookDeliveryView {
  return {
    delivery_id: delivery.delivery_id,
    webhook_id: delivery.webhook_id,
    event_id: delivery.event_id,
    event_type: delivery.event_type,
    order_id: delivery.order_id,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.status === 'pending' ? fromMs(delivery.next_attempt_ms) : null,
    created_at: fromMs(delivery.created_ms)!,
    finished_at: fromMs(delivery.finished_ms),
    attempt_log: delivery.attempt_log.map((attempt) => ({
      attempt: attempt.attempt,
      started_at: fromMs(attempt.started_ms)!,
      duration_ms: attempt.duration_ms,
      http_status: attempt.http_status,
      error: attempt.error,
      response_excerpt: attempt.response_excerpt,
    })),
  };
}

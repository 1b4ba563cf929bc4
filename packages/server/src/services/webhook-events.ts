import type { Kysely } from 'kysely';
import type { Order } from '../domain/order.js';
import type { HistoryAction } from '../domain/order-transitions.js';
import { formatTimestamp } from '../domain/timestamps.js';
import { bootpayPaymentFields, eventTypeOfAction, type WebhookEventType } from '../domain/webhook-events.js';
import { orderListItem } from '../http/order-view.js';
import type { Database } from '../storage/schema.js';
import { insertEventAndDeliveries, newEventId, type RecordedEvent } from '../storage/webhook-repository.js';

/** What a webhook delivers: the event, the order in the list's shape, and Bootpay's payment-webhook fields. */
export function eventPayload(eventId: string, type: WebhookEventType, nowMs: number, order: Order | null): Record<string, unknown> {
  return {
    event_id: eventId,
    event_type: type,
    created_at: formatTimestamp(Math.floor(nowMs / 1000)),
    order: order && orderListItem(order),
    ...(order ? bootpayPaymentFields(order) : {}),
  };
}

export interface OrderChangeEvent {
  /** The history action that changed the order (`create`, `payment.complete`, …). */
  action: HistoryAction;
  /** The order after the change, with its history: the change's entry is the newest. */
  order: Order & { history: ReadonlyArray<{ seq: number }> };
}

/**
 * The outbox write every change of an order makes, inside the change's own transaction: the event
 * and a delivery to each active endpoint that wants it, all committed with the change or not at all.
 */
export async function recordOrderEvent(trx: Kysely<Database>, change: OrderChangeEvent, nowMs = Date.now()): Promise<RecordedEvent | null> {
  const type = eventTypeOfAction(change.action);
  if (type === null) return null;
  const { order } = change;
  const orderSeq = Math.max(...order.history.map((entry) => entry.seq));
  const eventId = newEventId();
  const payload = JSON.stringify(eventPayload(eventId, type, nowMs, order));
  return insertEventAndDeliveries(trx, { eventId, projectId: order.project_id, type, orderId: order.order_id, orderSeq, payload, nowMs });
}

/** A `webhook.test` event to the project's active endpoints (or the chosen ones). */
export async function recordTestEvent(trx: Kysely<Database>, projectId: string, webhookIds?: string[], nowMs = Date.now()): Promise<RecordedEvent> {
  const eventId = newEventId();
  const payload = JSON.stringify(eventPayload(eventId, 'webhook.test', nowMs, null));
  return insertEventAndDeliveries(trx, { eventId, projectId, type: 'webhook.test', orderId: null, orderSeq: null, payload, nowMs }, webhookIds);
}

import { ApiError, invalidField, invalidParameter } from '../domain/errors.js';
import { nowSeconds } from '../domain/timestamps.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../domain/webhook-events.js';
import { newWebhookSecret, sealSecret } from '../domain/webhook-signing.js';
import { webhookUrlProblem, type WebhookTargetPolicy } from '../domain/webhook-targets.js';
import type { Storage } from '../storage/storage.js';
import {
  attemptsOf,
  countEndpoints,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  newWebhookId,
  requeueDelivery,
  updateEndpoint,
  type DeliveryWithEvent,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
} from '../storage/webhook-repository.js';
import { recordTestEvent } from './webhook-events.js';

/** Endpoints one project may have: enough for every real integration, few enough to send each event to all. */
export const MAX_ENDPOINTS_PER_PROJECT = 20;
export const MAX_DESCRIPTION_LENGTH = 200;

export interface NewEndpoint {
  url: string;
  events?: string[] | null;
  description?: string | null;
}

/** An endpoint as the services return it: the row without its sealed secret. */
export type WebhookEndpoint = Omit<WebhookEndpointRow, 'secret_sealed' | 'events'> & { events: WebhookEventType[] | null };

export function endpointOf(row: WebhookEndpointRow): WebhookEndpoint {
  const { secret_sealed: _sealed, events, ...rest } = row;
  return { ...rest, events: events === null ? null : (JSON.parse(events) as WebhookEventType[]) };
}

/** `events` as given: null or absent is every event; otherwise known types, each once. */
function readEvents(events: string[] | null | undefined): WebhookEventType[] | null {
  if (events === undefined || events === null) return null;
  const unknown = events.find((type) => !isWebhookEventType(type));
  if (unknown !== undefined) throw invalidField('events', unknown, `이벤트 유형 (${WEBHOOK_EVENT_TYPES.join(', ')})의 배열, 또는 null (모든 이벤트)`);
  return [...new Set(events)] as WebhookEventType[];
}

function checkUrl(url: string, policy: WebhookTargetPolicy): void {
  const problem = webhookUrlProblem(url, policy);
  if (problem === null) return;
  const error = invalidField('url', url, problem);
  // Refused by the address policy rather than malformed: its own code, the same message and data.
  throw policy === 'public' && webhookUrlProblem(url, 'any') === null ? new ApiError('WEBHOOK_URL_REFUSED', error.message, error.data) : error;
}

/** Creates an endpoint; the secret is in this answer only. */
export async function createEndpoint(
  storage: Storage,
  hashKey: string,
  projectId: string,
  input: NewEndpoint,
  policy: WebhookTargetPolicy,
): Promise<WebhookEndpoint & { secret: string }> {
  checkUrl(input.url, policy);
  const events = readEvents(input.events);
  if (input.description != null && (input.description.trim() === '' || input.description.length > MAX_DESCRIPTION_LENGTH)) {
    throw invalidField('description', input.description, `1~${MAX_DESCRIPTION_LENGTH}자의 설명, 또는 null`);
  }
  if ((await countEndpoints(storage.db, projectId)) >= MAX_ENDPOINTS_PER_PROJECT) {
    throw new ApiError('WEBHOOK_LIMIT', `한 프로젝트에 웹훅은 ${MAX_ENDPOINTS_PER_PROJECT}개까지 등록할 수 있습니다.`);
  }
  const secret = newWebhookSecret();
  const now = nowSeconds();
  const row: WebhookEndpointRow = {
    webhook_id: newWebhookId(),
    project_id: projectId,
    url: input.url,
    description: input.description ?? null,
    events: events === null ? null : JSON.stringify(events),
    status: 'active',
    disabled_reason: null,
    disabled_at: null,
    secret_sealed: sealSecret(hashKey, secret),
    secret_created_at: now,
    failing_since_ms: null,
    created_at: now,
  };
  await insertEndpoint(storage.db, row);
  return { ...endpointOf(row), secret };
}

export async function listProjectEndpoints(storage: Storage, projectId: string): Promise<WebhookEndpoint[]> {
  return (await listEndpoints(storage.db, projectId)).map(endpointOf);
}

/** `projectId` null: the operator (CLI) naming an endpoint of any project. */
async function endpointOrThrow(storage: Storage, projectId: string | null, webhookId: string): Promise<WebhookEndpointRow> {
  const row = await findEndpoint(storage.db, projectId, webhookId);
  if (!row) throw new ApiError('WEBHOOK_NOT_FOUND', undefined, { webhook_id: webhookId });
  return row;
}

export async function getEndpoint(storage: Storage, projectId: string | null, webhookId: string): Promise<WebhookEndpoint> {
  return endpointOf(await endpointOrThrow(storage, projectId, webhookId));
}

/** Stops sending to it (pending deliveries wait); repeating it changes nothing. */
export async function disableEndpoint(storage: Storage, projectId: string | null, webhookId: string): Promise<WebhookEndpoint> {
  const row = await endpointOrThrow(storage, projectId, webhookId);
  if (row.status === 'active') {
    await updateEndpoint(storage.db, row.project_id, webhookId, { status: 'disabled', disabled_reason: 'manual', disabled_at: nowSeconds() });
  }
  return getEndpoint(storage, projectId, webhookId);
}

/** Sends to it again, pending deliveries first; the failure streak starts over. */
export async function enableEndpoint(storage: Storage, projectId: string | null, webhookId: string): Promise<WebhookEndpoint> {
  const row = await endpointOrThrow(storage, projectId, webhookId);
  if (row.status === 'disabled') {
    await updateEndpoint(storage.db, row.project_id, webhookId, { status: 'active', disabled_reason: null, disabled_at: null, failing_since_ms: null });
  }
  return getEndpoint(storage, projectId, webhookId);
}

/** A new secret, in this answer only; deliveries from now on are signed with it. */
export async function rotateEndpointSecret(
  storage: Storage,
  hashKey: string,
  projectId: string | null,
  webhookId: string,
): Promise<WebhookEndpoint & { secret: string }> {
  const row = await endpointOrThrow(storage, projectId, webhookId);
  const secret = newWebhookSecret();
  await updateEndpoint(storage.db, row.project_id, webhookId, { secret_sealed: sealSecret(hashKey, secret), secret_created_at: nowSeconds() });
  return { ...(await getEndpoint(storage, projectId, webhookId)), secret };
}

export interface Delivery extends DeliveryWithEvent {
  attempt_log: WebhookAttemptRow[];
}

export const DEFAULT_DELIVERY_LIMIT = 20;
export const MAX_DELIVERY_LIMIT = 100;

/** An endpoint's deliveries, newest first, each with every attempt. */
export async function endpointDeliveries(storage: Storage, projectId: string, webhookId: string, limitText: string | undefined): Promise<Delivery[]> {
  let limit = DEFAULT_DELIVERY_LIMIT;
  if (limitText !== undefined && limitText !== '') {
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) throw invalidParameter('limit', limitText, `1 이상의 정수 (${MAX_DELIVERY_LIMIT} 넘으면 ${MAX_DELIVERY_LIMIT})`);
    limit = Math.min(Number(limitText), MAX_DELIVERY_LIMIT);
  }
  await endpointOrThrow(storage, projectId, webhookId);
  const deliveries = await listDeliveries(storage.reads, projectId, webhookId, limit);
  return withAttempts(storage, projectId, deliveries);
}

async function withAttempts(storage: Storage, projectId: string, deliveries: DeliveryWithEvent[]): Promise<Delivery[]> {
  const attempts = await attemptsOf(storage.reads, projectId, deliveries.map((d) => d.delivery_id));
  return deliveries.map((d) => ({ ...d, attempt_log: attempts.filter((a) => a.delivery_id === d.delivery_id) }));
}

/** Sends a delivery again now, whatever its state, with a fresh retry window. */
export async function redeliver(storage: Storage, projectId: string, deliveryId: string): Promise<Delivery> {
  const delivery = await findDelivery(storage.db, projectId, deliveryId);
  if (!delivery) throw new ApiError('WEBHOOK_DELIVERY_NOT_FOUND', undefined, { delivery_id: deliveryId });
  const endpoint = await endpointOrThrow(storage, projectId, delivery.webhook_id);
  if (endpoint.status !== 'active') throw new ApiError('WEBHOOK_DISABLED', undefined, { webhook_id: endpoint.webhook_id });
  await requeueDelivery(storage.db, projectId, deliveryId, Date.now());
  const [again] = await withAttempts(storage, projectId, [(await findDelivery(storage.db, projectId, deliveryId))!]);
  return again!;
}

/** `POST /v1/webhook/test` (the SDK's webhook.sendTest): a `webhook.test` event to every active endpoint. */
export async function sendTestEvent(storage: Storage, projectId: string) {
  const recorded = await storage.db.transaction().execute((trx) => recordTestEvent(trx, projectId));
  if (recorded.deliveries.length === 0) throw new ApiError('NO_ACTIVE_WEBHOOK');
  return { event_id: recorded.eventId, deliveries: recorded.deliveries };
}

import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { WebhookEventType } from '../domain/webhook-events.js';
import type { DialectCapabilities } from './dialect.js';
import { allProjects } from './distribution.js';
import type { Database, WebhookAttemptTable, WebhookDeliveryTable, WebhookEndpointTable } from './schema.js';

export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;

export const newWebhookId = () => `wh_${randomBytes(12).toString('hex')}`;
export const newEventId = () => `evt_${randomBytes(12).toString('hex')}`;
const newDeliveryId = () => `whd_${randomBytes(12).toString('hex')}`;

export async function insertEndpoint(db: Kysely<Database>, row: WebhookEndpointRow): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function countEndpoints(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = await db.selectFrom('webhook_endpoints').select((e) => e.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listEndpoints(db: Kysely<Database>, projectId: string): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('webhook_id').execute();
}

/** An endpoint by id; `projectId` null: any project's (the CLI acts as the operator). */
export async function findEndpoint(db: Kysely<Database>, projectId: string | null, webhookId: string): Promise<WebhookEndpointRow | null> {
  const query = db.selectFrom('webhook_endpoints').selectAll().where('webhook_id', '=', webhookId);
  const scoped = projectId === null ? query.modifyEnd(allProjects('the operator names an endpoint of any project')) : query.where('project_id', '=', projectId);
  return (await scoped.executeTakeFirst()) ?? null;
}

export async function updateEndpoint(
  db: Kysely<Database>,
  projectId: string,
  webhookId: string,
  changes: Partial<Omit<WebhookEndpointRow, 'webhook_id' | 'project_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('webhook_endpoints').set(changes).where('project_id', '=', projectId).where('webhook_id', '=', webhookId).execute();
}

export interface NewWebhookEvent {
  eventId: string;
  projectId: string;
  type: WebhookEventType;
  orderId: string | null;
  /** The order's history entry this event tells of; orders an order's events at each endpoint. */
  orderSeq: number | null;
  /** The delivered body, as signed. */
  payload: string;
  nowMs: number;
}

/** What recording an event queued: the event id and one delivery per endpoint that wants it. */
export interface RecordedEvent {
  eventId: string;
  deliveries: Array<{ delivery_id: string; webhook_id: string; url: string }>;
}

/**
 * The outbox write: the event and its deliveries, inside the caller's transaction (the change the
 * event tells of commits with it or not at all). Projects without active endpoints that want the
 * event get nothing written. `webhookIds` narrows the endpoints (a test send to chosen ones).
 */
export async function insertEventAndDeliveries(trx: Kysely<Database>, event: NewWebhookEvent, webhookIds?: string[]): Promise<RecordedEvent> {
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['webhook_id', 'url', 'events'])
    .where('project_id', '=', event.projectId)
    .where('status', '=', 'active')
    .execute();
  const wanted = endpoints.filter(
    // A test event goes to every active endpoint, whatever events it chose.
    (e) =>
      (e.events === null || event.type === 'webhook.test' || (JSON.parse(e.events) as string[]).includes(event.type)) &&
      (!webhookIds || webhookIds.includes(e.webhook_id)),
  );
  const { eventId } = event;
  if (wanted.length === 0) return { eventId, deliveries: [] };
  await trx
    .insertInto('webhook_events')
    .values({
      event_id: eventId,
      project_id: event.projectId,
      type: event.type,
      order_id: event.orderId,
      order_seq: event.orderSeq,
      payload: event.payload,
      created_ms: event.nowMs,
    })
    .execute();
  const deliveries = wanted.map((e) => ({ delivery_id: newDeliveryId(), webhook_id: e.webhook_id, url: e.url }));
  await trx
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        delivery_id: d.delivery_id,
        event_id: eventId,
        webhook_id: d.webhook_id,
        project_id: event.projectId,
        order_id: event.orderId,
        order_seq: event.orderSeq,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_ms: event.nowMs,
        lease_until_ms: null,
        created_ms: event.nowMs,
        retry_from_ms: event.nowMs,
        finished_ms: null,
      })),
    )
    .execute();
  return { eventId, deliveries };
}

/**
 * Due deliveries that may be sent now: pending, due, not leased by a live claim, to an active
 * endpoint, and first in line for their order at their endpoint (no earlier event of the order
 * is still pending there). Reading them first keeps an idle poll from taking SQLite's write lock.
 */
function claimableIds(nowMs: number, limit: number, lock: DialectCapabilities['skipLockedRows'] | null) {
  return sql<{ delivery_id: string }>`
    select claimed.delivery_id from webhook_deliveries claimed
    where claimed.status = 'pending' and claimed.next_attempt_ms <= ${nowMs}
      and (claimed.lease_until_ms is null or claimed.lease_until_ms <= ${nowMs})
      and exists (select 1 from webhook_endpoints e
        where e.project_id = claimed.project_id and e.webhook_id = claimed.webhook_id and e.status = 'active')
      and not exists (
        select 1 from webhook_deliveries earlier
        where earlier.project_id = claimed.project_id
          and earlier.webhook_id = claimed.webhook_id and earlier.order_id = claimed.order_id
          and earlier.order_seq < claimed.order_seq and earlier.status = 'pending')
    order by claimed.next_attempt_ms, claimed.created_ms, claimed.delivery_id
    limit ${limit}
    ${lock ?? sql``}`;
}

/** The worker claims and reads due deliveries of every project at once. */
const CLAIMING = allProjects('the delivery worker claims due deliveries');
const PURGE = allProjects('retention of finished deliveries');

export interface ClaimedDelivery {
  project_id: string;
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  event_type: WebhookEventType;
  url: string;
  secret_sealed: string;
  payload: string;
  attempts: number;
  retry_from_ms: number;
  /** The lease this claim holds: the finishing write only counts while it is still ours. */
  lease_until_ms: number;
}

/**
 * Takes up to `limit` due deliveries for this process until `nowMs + leaseMs`. Safe with several
 * processes on one database: Postgres skips rows another claim has locked, SQLite has one writer;
 * either way a delivery is claimed once per lease. A process that dies holding a claim loses it
 * when the lease ends, and the delivery is sent again (at least once).
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  dialect: DialectCapabilities,
  nowMs: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const candidates = await sql`${claimableIds(nowMs, limit, null)} ${CLAIMING}`.execute(db);
  if (candidates.rows.length === 0) return [];
  const leaseUntil = nowMs + leaseMs;
  const claimed = await sql<{ delivery_id: string }>`
    update webhook_deliveries set lease_until_ms = ${leaseUntil}
    where delivery_id in (${claimableIds(nowMs, limit, dialect.skipLockedRows)})
    returning delivery_id ${CLAIMING}`.execute(db);
  const ids = claimed.rows.map((r) => r.delivery_id);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', (join) => join.onRef('ev.project_id', '=', 'd.project_id').onRef('ev.event_id', '=', 'd.event_id'))
    .innerJoin('webhook_endpoints as e', (join) => join.onRef('e.project_id', '=', 'd.project_id').onRef('e.webhook_id', '=', 'd.webhook_id'))
    .select(['d.project_id', 'd.delivery_id', 'd.webhook_id', 'd.event_id', 'ev.type as event_type', 'e.url', 'e.secret_sealed', 'ev.payload', 'd.attempts', 'd.retry_from_ms'])
    .where('d.delivery_id', 'in', ids)
    .modifyEnd(CLAIMING)
    .execute();
  return rows.map((row) => ({ ...row, lease_until_ms: leaseUntil }));
}

export interface AttemptOutcome {
  startedMs: number;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
  responseExcerpt: string | null;
  delivered: boolean;
}

export interface AttemptDecision {
  /** Set when the delivery failed and will be tried again then; null when it is finished. */
  nextAttemptMs: number | null;
  /** The endpoint is disabled now for failing too long. */
  disableEndpoint: boolean;
}

/**
 * Records one attempt and its consequences in one transaction: the attempt row, the delivery's
 * state (delivered, retried later, or given up) and the endpoint's failure streak. Does nothing
 * but return false when the lease is no longer this claim's (it ran out and another process
 * took the delivery over).
 */
export async function finishAttempt(
  db: Kysely<Database>,
  claim: ClaimedDelivery,
  outcome: AttemptOutcome,
  decide: (endpoint: { failing_since_ms: number | null }) => AttemptDecision,
): Promise<{ recorded: boolean; disabled: boolean }> {
  return db.transaction().execute(async (trx) => {
    const nowMs = outcome.startedMs + outcome.durationMs;
    const attempt = claim.attempts + 1;
    // A write first, which reads the endpoint too: a SQLite transaction that began with a read
    // could not take the write lock while another process holds it (SQLITE_BUSY at once, no
    // waiting), and on Postgres the row lock orders concurrent attempts of one endpoint.
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set({ failing_since_ms: sql`failing_since_ms` })
      .where('project_id', '=', claim.project_id)
      .where('webhook_id', '=', claim.webhook_id)
      .returning(['failing_since_ms', 'status'])
      .executeTakeFirstOrThrow();
    const decision = outcome.delivered ? { nextAttemptMs: null, disableEndpoint: false } : decide(endpoint);
    const changed = await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        lease_until_ms: null,
        status: outcome.delivered ? 'delivered' : decision.nextAttemptMs === null ? 'failed' : 'pending',
        next_attempt_ms: decision.nextAttemptMs ?? nowMs,
        finished_ms: decision.nextAttemptMs === null ? nowMs : null,
      })
      .where('project_id', '=', claim.project_id)
      .where('delivery_id', '=', claim.delivery_id)
      .where('lease_until_ms', '=', claim.lease_until_ms)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return { recorded: false, disabled: false };
    await trx
      .insertInto('webhook_attempts')
      .values({
        project_id: claim.project_id,
        delivery_id: claim.delivery_id,
        attempt,
        started_ms: outcome.startedMs,
        duration_ms: outcome.durationMs,
        http_status: outcome.httpStatus,
        error: outcome.error,
        response_excerpt: outcome.responseExcerpt,
      })
      .execute();
    if (outcome.delivered) {
      if (endpoint.failing_since_ms !== null) await updateEndpoint(trx, claim.project_id, claim.webhook_id, { failing_since_ms: null });
      return { recorded: true, disabled: false };
    }
    const disable = decision.disableEndpoint && endpoint.status === 'active';
    await updateEndpoint(trx, claim.project_id, claim.webhook_id, {
      failing_since_ms: endpoint.failing_since_ms ?? outcome.startedMs,
      ...(disable ? { status: 'disabled' as const, disabled_reason: 'failing' as const, disabled_at: Math.floor(nowMs / 1000) } : {}),
    });
    return { recorded: true, disabled: disable };
  });
}

/** Gives a claim back without an attempt (the process is stopping): another may send it at once. */
export async function releaseClaim(db: Kysely<Database>, claim: ClaimedDelivery): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ lease_until_ms: null })
    .where('project_id', '=', claim.project_id)
    .where('delivery_id', '=', claim.delivery_id)
    .where('lease_until_ms', '=', claim.lease_until_ms)
    .execute();
}

export interface DeliveryWithEvent extends WebhookDeliveryRow {
  event_type: WebhookEventType;
}

/** A project's deliveries, each with the type of its event. */
function deliveriesWithEvent(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', (join) => join.onRef('ev.project_id', '=', 'd.project_id').onRef('ev.event_id', '=', 'd.event_id'))
    .selectAll('d')
    .select('ev.type as event_type')
    .where('d.project_id', '=', projectId);
}

export async function listDeliveries(db: Kysely<Database>, projectId: string, webhookId: string, limit: number): Promise<DeliveryWithEvent[]> {
  return deliveriesWithEvent(db, projectId)
    .where('d.webhook_id', '=', webhookId)
    .orderBy('d.created_ms', 'desc')
    .orderBy('d.delivery_id', 'desc')
    .limit(limit)
    .execute();
}

export async function findDelivery(db: Kysely<Database>, projectId: string, deliveryId: string): Promise<DeliveryWithEvent | null> {
  const row = await deliveriesWithEvent(db, projectId).where('d.delivery_id', '=', deliveryId).executeTakeFirst();
  return row ?? null;
}

export async function attemptsOf(db: Kysely<Database>, projectId: string, deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('webhook_attempts').selectAll().where('project_id', '=', projectId).where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id').orderBy('attempt').execute();
}

/** A redelivery by hand: pending again, due now, with a fresh retry window. */
export async function requeueDelivery(db: Kysely<Database>, projectId: string, deliveryId: string, nowMs: number): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_ms: nowMs, retry_from_ms: nowMs, finished_ms: null })
    .where('project_id', '=', projectId)
    .where('delivery_id', '=', deliveryId)
    .execute();
}

/**
 * Deletes deliveries finished (delivered or given up) before `beforeMs`, their attempts, and the
 * events none of whose deliveries is left; returns how many deliveries went. Pending ones stay.
 */
export async function purgeFinishedDeliveries(db: Kysely<Database>, beforeMs: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('webhook_attempts')
      .where((eb) => eb('delivery_id', 'in', eb
        .selectFrom('webhook_deliveries as f')
        .select('f.delivery_id')
        .whereRef('f.project_id', '=', 'webhook_attempts.project_id')
        .where('f.status', '!=', 'pending')
        .where('f.finished_ms', '<', beforeMs)))
      .modifyEnd(PURGE)
      .execute();
    const deleted = await trx
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('finished_ms', '<', beforeMs)
      .modifyEnd(PURGE)
      .executeTakeFirst();
    await trx
      .deleteFrom('webhook_events')
      .where('created_ms', '<', beforeMs)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.delivery_id')
        .whereRef('d.project_id', '=', 'webhook_events.project_id').whereRef('d.event_id', '=', 'webhook_events.event_id'))))
      .modifyEnd(PURGE)
      .execute();
    return Number(deleted.numDeletedRows);
  });
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CANCELLATION_STATUS,
  CANCELLATION_STEPS,
  cancelledQuantities,
  checkRefund,
  closedRequestError,
  decideStep,
  parseCancellationRequestBody,
  parseProcessBody,
  remainingPrice,
  requireRole,
  resolveCancellation,
  type BootpayRole,
  type CancellationRequest,
  type CancellationStep,
  type ProcessInput,
  type RequestedCancellation,
} from '../domain/cancellation.js';
import { ApiError } from '../domain/errors.js';
import { requestFingerprint } from '../domain/idempotency.js';
import { isOrderId, newOrderId } from '../domain/order-ids.js';
import type { CancellationListQuery } from '../domain/order-query.js';
import {
  decideTransition,
  duplicateTransitionError,
  illegalTransitionError,
  type TransitionAction,
} from '../domain/order-transitions.js';
import type { ActionInput } from '../domain/status-action-input.js';
import { nowSeconds } from '../domain/timestamps.js';
import {
  cancellationRequestsOf,
  closeCancellationRequest,
  findCancellationRequest,
  findOrderIdBy,
  insertCancellationRequest,
  listCancellationRequests,
  productLinesOf,
} from '../storage/cancellation-request-repository.js';
import { pickCounterShard } from '../storage/order-counter-writes.js';
import { findOrderIn } from '../storage/order-repository.js';
import { historyActorOf } from './authenticate.js';
import { recordOrderEvent } from './webhook-events.js';
import { applyStatusChange, lockOrderForChange, readOrderState, type OrderStateRow } from '../storage/order-write-repository.js';
import { onBehalfOf } from '../storage/read-tenant.js';
import type { Database } from '../storage/schema.js';
import type { Storage } from '../storage/storage.js';
import { runIdempotentWrite, type WriteResponse } from './idempotent-write.js';
import type { WriteContext } from './order-writes.js';

/**
 * Cancellation requests: the one place that creates and processes them, for the SDK's
 * `/v1/order/cancel…` routes and for jumun's `/v1/orders/:id/cancel…` actions alike. Each write
 * changes the request, the order (status, cancelled amount, history) and the counters in one
 * transaction. The caller recorded as `requested_by` / `processed_by` / history actor is
 * `actorOf(context)`, the one place that names it.
 */

/** A request id: ObjectId-shaped like order ids (creation second, then random). */
const newRequestId = (now: number) => newOrderId(now, () => randomBytes(8).toString('hex'));

/** Who the records name as having made or processed a request. */
export function actorOf(context: WriteContext): string | null {
  return historyActorOf(context.caller).actor;
}

/** The webhook event of a change just applied, in the same transaction (services/webhook-events.ts). */
async function recordChange(trx: Kysely<Database>, projectId: string, orderId: string, action: TransitionAction): Promise<void> {
  const order = await findOrderIn(trx, projectId, orderId);
  if (order) await recordOrderEvent(trx, { action, order });
}

/** Conflicting changes that keep overtaking this one; far more than real traffic produces. */
const MAX_RACES = 5;

interface Judged {
  state: OrderStateRow;
  orderNumber: string;
  remaining: number;
}

async function readOrder(trx: Kysely<Database>, projectId: string, orderId: string): Promise<Judged | null> {
  const state = await readOrderState(trx, projectId, orderId);
  if (!state) return null;
  const row = await trx.selectFrom('orders').select('order_number')
    .where('project_id', '=', projectId).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  return { state, orderNumber: row.order_number, remaining: remainingPrice(state) };
}

/** What a request may still cancel: the order's lines less what approved requests cancelled. */
async function cancellableOrder(trx: Kysely<Database>, projectId: string, orderId: string, state: OrderStateRow) {
  const [products, requests] = await Promise.all([productLinesOf(trx, projectId, orderId), cancellationRequestsOf(trx, projectId, orderId)]);
  const approved = requests.filter((r) => r.status === CANCELLATION_STATUS.APPROVED);
  return { order_id: orderId, price: state.price, cancelled_price: state.cancelled_price, products, cancelledQuantities: cancelledQuantities(approved) };
}

function refuse(decision: ReturnType<typeof decideTransition>, orderId: string, state: OrderStateRow, action: TransitionAction): void {
  if (decision.kind === 'duplicate') throw duplicateTransitionError(orderId, state.status, action);
  if (decision.kind === 'illegal') throw illegalTransitionError(orderId, state.status, action);
}

interface Opening {
  orderId: string;
  requested: RequestedCancellation;
  role: BootpayRole;
  /** The merchant cancels at once: the request is recorded as approved by the same caller. */
  immediate: boolean;
}

/**
 * A new request on a paid order (status 2 → 3), or, immediate, the cancellation itself (2 → 4
 * when it refunds all that is left, else 2 → 2 with a larger cancelled amount).
 */
async function openCancellation(trx: Kysely<Database>, storage: Storage, context: WriteContext, opening: Opening): Promise<CancellationRequest> {
  const { projectId } = context.caller;
  const actor = actorOf(context);
  const now = nowSeconds();
  for (let race = 0; ; race++) {
    const judged = isOrderId(opening.orderId) ? await readOrder(trx, projectId, opening.orderId) : null;
    if (!judged) throw new ApiError('ORDER_NOT_FOUND');
    const { state } = judged;
    const nominal: TransitionAction = opening.immediate ? 'cancel' : 'cancel.request';
    refuse(decideTransition(state, nominal), opening.orderId, state, nominal);
    if (race >= MAX_RACES) throw illegalTransitionError(opening.orderId, state.status, nominal);
    const { lines, amount } = resolveCancellation(await cancellableOrder(trx, projectId, opening.orderId, state), opening.requested);
    const full = amount === judged.remaining;
    const action: TransitionAction = !opening.immediate ? 'cancel.request' : full ? 'cancel' : 'cancel.partial';
    const decision = decideTransition(state, action);
    if (decision.kind !== 'apply') throw illegalTransitionError(opening.orderId, state.status, action);
    const id = newRequestId(now);
    const changed = await applyStatusChange(trx, {
      projectId,
      orderId: opening.orderId,
      before: state,
      counterShard: pickCounterShard(storage.dialect),
      changes: opening.immediate ? { cancelled_price: state.cancelled_price + amount, ...(full ? { cancelled_at: now } : {}) } : {},
      entry: {
        at: now, action, from_status: state.status, to_status: decision.to, from_receipt_status: state.receipt_status,
        to_receipt_status: decision.receipt, ...historyActorOf(context.caller), reason: opening.requested.cancel_reason, cancellation_request_id: id,
      },
    });
    if (!changed) continue;
    const request: CancellationRequest = {
      order_cancellation_request_id: id,
      project_id: projectId,
      order_id: opening.orderId,
      order_number: judged.orderNumber,
      status: opening.immediate ? CANCELLATION_STATUS.APPROVED : CANCELLATION_STATUS.REQUESTED,
      cancel_reason: opening.requested.cancel_reason,
      cancel_type: opening.requested.cancel_type,
      requested_price: amount,
      refund_price: amount,
      cancel_products: lines,
      requested_role: opening.role,
      requested_at: now,
      requested_by: actor,
      processed_at: opening.immediate ? now : null,
      processed_by: opening.immediate ? actor : null,
      processed_message: null,
    };
    await insertCancellationRequest(trx, request);
    await recordChange(trx, projectId, opening.orderId, action);
    return request;
  }
}

const STEP_ACTIONS: Record<Exclude<CancellationStep, 'approve'>, TransitionAction> = {
  reject: 'cancel.reject',
  withdraw: 'cancel.withdraw',
};

/**
 * Approves, rejects or withdraws an open request, and moves its order back to paid (reject,
 * withdraw, partial approval) or to cancelled (approval of all that is left). Every check runs
 * before the first write, so a refusal leaves nothing behind.
 */
async function closeCancellation(
  trx: Kysely<Database>,
  storage: Storage,
  context: WriteContext,
  request: CancellationRequest,
  step: CancellationStep,
  input: ProcessInput,
  /** `unsaved`: a request made up here, stored with its closing. `nominal`: the order route's action, which judges a lost race. */
  options: { unsaved?: boolean; nominal?: TransitionAction } = {},
): Promise<CancellationRequest> {
  const { projectId } = context.caller;
  const actor = actorOf(context);
  const now = nowSeconds();
  const decided = decideStep(request.status, step);
  if (decided.kind === 'duplicate') throw new ApiError('PROCESS_DUPLICATED', undefined, { order_cancellation_request_id: request.order_cancellation_request_id, step });
  if (decided.kind === 'closed') throw closedRequestError(request, step);
  const judged = await readOrder(trx, projectId, request.order_id);
  if (!judged) throw new ApiError('ORDER_NOT_FOUND');
  const { state, remaining } = judged;
  let action = step === 'approve' ? 'cancel.approve' : STEP_ACTIONS[step];
  let refund: number | null = null;
  if (step === 'approve') {
    refund = input.refund_price ?? Math.min(request.refund_price ?? remaining, remaining);
    checkRefund(refund, remaining, 'refund_price');
    if (refund < remaining) action = 'cancel.approve.partial';
  }
  const decision = decideTransition(state, action);
  // An open request keeps its order at status 3, so this only fails if that rule was broken.
  if (decision.kind !== 'apply') throw illegalTransitionError(request.order_id, state.status, action);

  if (options.unsaved) await insertCancellationRequest(trx, request);
  const closing = {
    projectId,
    requestId: request.order_cancellation_request_id,
    status: CANCELLATION_STEPS[step],
    refund_price: refund,
    processed_at: now,
    processed_by: actor,
    processed_message: input.message,
  };
  if (!(await closeCancellationRequest(trx, closing))) {
    // Another step closed it first (and has committed): answer as if this one came second, on the
    // order's status for jumun's order routes (as they always have), on the request's for the SDK's.
    if (options.nominal) {
      const moved = await readOrderState(trx, projectId, request.order_id);
      if (moved) refuse(decideTransition(moved, options.nominal), request.order_id, moved, options.nominal);
    }
    const current = await findCancellationRequest(trx, projectId, request.order_cancellation_request_id);
    return closeCancellation(trx, storage, context, current!, step, input);
  }
  const full = refund !== null && refund === remaining;
  const changed = await applyStatusChange(trx, {
    projectId,
    orderId: request.order_id,
    before: state,
    counterShard: pickCounterShard(storage.dialect),
    changes: refund === null ? {} : { cancelled_price: state.cancelled_price + refund, ...(full ? { cancelled_at: now } : {}) },
    entry: {
      at: now, action, from_status: state.status, to_status: decision.to, from_receipt_status: state.receipt_status,
      to_receipt_status: decision.receipt, ...historyActorOf(context.caller), reason: input.message,
      cancellation_request_id: request.order_cancellation_request_id,
    },
  });
  // Not an ApiError: the transaction rolls back whole instead of keeping the request closed.
  if (!changed) throw new Error(`order ${request.order_id} changed while its cancellation request was being closed`);
  await recordChange(trx, projectId, request.order_id, action);
  return { ...request, ...closing, order_number: request.order_number };
}

interface CancellationContext extends WriteContext {
  role: BootpayRole;
}

function writeRequest(context: WriteContext, method: string, body: unknown) {
  return {
    projectId: context.caller.projectId,
    idempotencyKey: context.idempotencyKey,
    fingerprint: requestFingerprint(method, context.path, body),
    now: nowSeconds(),
  };
}

/** `POST /v1/order/cancel` (the SDK's `orderCancel.request`). */
export async function requestCancellation(storage: Storage, context: CancellationContext, body: unknown): Promise<WriteResponse> {
  const parsed = parseCancellationRequestBody(body);
  requireRole(context.role, parsed.is_supervisor ? 'supervisor_request' : 'request');
  // Which order a number names never changes, so it is read before the transaction, whose first
  // statement then locks that order (lockOrderForChange).
  const orderId = await findOrderIdBy(storage.db, context.caller.projectId, parsed.order);
  return runIdempotentWrite(storage, writeRequest(context, 'POST', body), async (trx) => {
    if (orderId === null) throw new ApiError('ORDER_NOT_FOUND');
    await lockOrderForChange(trx, context.caller.projectId, orderId);
    const cancellation = await openCancellation(trx, storage, context, {
      orderId, requested: parsed.requested, role: context.role, immediate: parsed.is_supervisor,
    });
    return { status: 200, cancellation };
  });
}

/** `PUT /v1/order/cancel/:id/approve|reject|withdraw`. */
export async function processCancellation(
  storage: Storage,
  context: CancellationContext,
  requestId: string,
  step: CancellationStep,
  body: unknown,
): Promise<WriteResponse> {
  const input = parseProcessBody(step, body);
  requireRole(context.role, step);
  const { projectId } = context.caller;
  // The order a request belongs to never changes: read first, locked first in the transaction.
  const found = await findCancellationRequest(storage.db, projectId, requestId);
  return runIdempotentWrite(storage, writeRequest(context, 'PUT', body), async (trx) => {
    if (!found) throw new ApiError('CANCELLATION_REQUEST_NOT_FOUND', undefined, { order_cancellation_request_id: requestId });
    await lockOrderForChange(trx, projectId, found.order_id);
    const request = (await findCancellationRequest(trx, projectId, requestId))!;
    return { status: 200, cancellation: await closeCancellation(trx, storage, context, request, step, input) };
  });
}

/** The open request of a status-3 order; one made up for orders that reached status 3 without one (imports, demo data). */
async function openRequestOf(trx: Kysely<Database>, context: WriteContext, orderId: string, judged: Judged) {
  const requests = await cancellationRequestsOf(trx, context.caller.projectId, orderId);
  const open = requests.find((r) => r.status === CANCELLATION_STATUS.REQUESTED);
  if (open) return { request: open, unsaved: false };
  const request: CancellationRequest = {
    order_cancellation_request_id: newRequestId(nowSeconds()),
    project_id: context.caller.projectId, order_id: orderId, order_number: judged.orderNumber,
    status: CANCELLATION_STATUS.REQUESTED, cancel_reason: null,
    cancel_type: null, requested_price: judged.remaining, refund_price: judged.remaining, cancel_products: [],
    requested_role: 'user', requested_at: nowSeconds(), requested_by: null, processed_at: null, processed_by: null, processed_message: null,
  };
  return { request, unsaved: true };
}

/**
 * jumun's own `POST /v1/orders/:id/cancel/request|approve|reject` and `/cancel`: the same records
 * as the SDK's routes, answered with the order. The order's status is judged first with the
 * transition table, so a repeat or an illegal step is refused as it always was.
 */
export async function cancelFromOrderRoute(
  storage: Storage,
  context: WriteContext,
  orderId: string,
  action: 'cancel.request' | 'cancel.approve' | 'cancel.reject' | 'cancel',
  input: ActionInput,
  body: unknown,
): Promise<WriteResponse> {
  const { projectId } = context.caller;
  return runIdempotentWrite(storage, writeRequest(context, 'POST', body), async (trx) => {
    if (isOrderId(orderId)) await lockOrderForChange(trx, projectId, orderId);
    const judged = isOrderId(orderId) ? await readOrder(trx, projectId, orderId) : null;
    if (!judged) throw new ApiError('ORDER_NOT_FOUND');
    refuse(decideTransition(judged.state, action), orderId, judged.state, action);
    if (action === 'cancel.request' || action === 'cancel') {
      const requested = { products: [], refund_price: input.refund_price, cancel_reason: input.reason, cancel_type: null };
      await openCancellation(trx, storage, context, { orderId, requested, role: 'user', immediate: action === 'cancel' });
    } else {
      const { request, unsaved } = await openRequestOf(trx, context, orderId, judged);
      const step = action === 'cancel.approve' ? 'approve' : 'reject';
      const process = { message: input.reason, refund_price: input.refund_price };
      await closeCancellation(trx, storage, context, request, step, process, { unsaved, nominal: action });
    }
    const order = await findOrderIn(trx, projectId, orderId);
    return { status: 200, order: order! };
  });
}

/** `GET /v1/order/cancel`. */
export async function listCancellations(storage: Storage, projectId: string, query: CancellationListQuery) {
  return onBehalfOf(projectId, () => listCancellationRequests(storage.reads, projectId, query));
}

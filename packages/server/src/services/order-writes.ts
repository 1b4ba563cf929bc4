import { historyActorOf, type Caller } from './authenticate.js';
import { ApiError } from '../domain/errors.js';
import { requestFingerprint } from '../domain/idempotency.js';
import { buildOrder, newOrderFromBody, type NewOrderFields } from '../domain/new-order.js';
import { isOrderId, newOrderId, newOrderNumber } from '../domain/order-ids.js';
import { ORDER_STATUS, RECEIPT_STATUS } from '../domain/order-status.js';
import {
  decideTransition,
  duplicateTransitionError,
  illegalTransitionError,
  type StatusAction,
} from '../domain/order-transitions.js';
import { actionChanges, parseActionInput } from '../domain/status-action-input.js';
import { nowSeconds } from '../domain/timestamps.js';
import { contractOf, type NewHistoryEntry, type OrderDetail } from '../domain/order.js';
import { findOrderIn } from '../storage/order-repository.js';
import {
  applyStatusChange,
  findContract,
  insertOrder,
  readOrderState,
  registerContract,
} from '../storage/order-write-repository.js';
import { pickCounterShard } from '../storage/order-counter-writes.js';
import type { Storage } from '../storage/storage.js';
import { runIdempotentWrite, type WriteResponse } from './idempotent-write.js';
import { recordOrderEvent } from './webhook-events.js';
import { cancelFromOrderRoute } from './order-cancellations.js';

export interface WriteContext {
  caller: Caller;
  idempotencyKey: string | null;
  /** The request's path, part of what an idempotency key is bound to. */
  path: string;
}

/** `POST /v1/orders`: checks the rules the route's schema cannot, then creates the order with its first history entry. */
export async function createOrder(storage: Storage, context: WriteContext, body: NewOrderFields, timeZone: string): Promise<WriteResponse> {
  const input = newOrderFromBody(body);
  const { projectId } = context.caller;
  const now = nowSeconds();
  const request = { projectId, idempotencyKey: context.idempotencyKey, fingerprint: requestFingerprint('POST', context.path, body), now };
  return runIdempotentWrite(storage, request, async (trx) => {
    const order = buildOrder(input, {
      project_id: projectId,
      order_id: newOrderId(now),
      order_number: newOrderNumber(now, timeZone),
      created_at: now,
    });
    const entry: NewHistoryEntry = {
      at: now,
      action: 'create',
      from_status: null,
      to_status: ORDER_STATUS.CREATED,
      from_receipt_status: null,
      to_receipt_status: RECEIPT_STATUS.UNPAID,
      ...historyActorOf(context.caller),
      reason: null,
      cancellation_request_id: null,
    };
    await insertOrder(trx, order, entry, pickCounterShard(storage.dialect));
    const contract = contractOf(order);
    if (contract) await registerContract(trx, projectId, contract);
    // What was just written, without reading it back (GET shows the same: the tests compare).
    const created: OrderDetail = {
      ...order,
      history: [{ seq: 1, ...entry }],
      cancellation_requests: [],
      subscription: contract && (await findContract(trx, projectId, contract.order_subscription_id)),
    };
    await recordOrderEvent(trx, { action: 'create', order: created });
    return { status: 201, order: created };
  });
}

/** Conflicting changes that keep overtaking this one; far more than real traffic produces. */
const MAX_RACES = 5;

/** `POST /v1/orders/:order_id/<action>`: one legal status change and its history entry, atomically. */
export async function changeOrderStatus(
  storage: Storage,
  context: WriteContext,
  orderId: string,
  action: StatusAction,
  body: unknown,
): Promise<WriteResponse> {
  const input = parseActionInput(action, body);
  if (action === 'cancel.request' || action === 'cancel.approve' || action === 'cancel.reject' || action === 'cancel') {
    return cancelFromOrderRoute(storage, context, orderId, action, input, body);
  }
  const { projectId } = context.caller;
  const now = nowSeconds();
  const request = { projectId, idempotencyKey: context.idempotencyKey, fingerprint: requestFingerprint('POST', context.path, body), now };
  // Judged first on a plain read: a transaction that opened with a read could not, on SQLite,
  // take the write lock while another process (an import) holds it. The change itself is a
  // compare-and-set, so a state that moved on in between is only a lost race, read again below.
  let state = isOrderId(orderId) ? await readOrderState(storage.db, projectId, orderId) : null;
  return runIdempotentWrite(storage, request, async (trx) => {
    for (let race = 0; ; race++) {
      // A malformed id, a missing order and another project's order all look the same.
      if (!state) throw new ApiError('ORDER_NOT_FOUND');
      const decision = decideTransition(state, action);
      if (decision.kind === 'duplicate') throw duplicateTransitionError(orderId, state.status, action);
      if (decision.kind === 'illegal' || race >= MAX_RACES) throw illegalTransitionError(orderId, state.status, action);
      const changed = await applyStatusChange(trx, {
        projectId,
        orderId,
        before: state,
        counterShard: pickCounterShard(storage.dialect),
        changes: actionChanges(action, input, state, now),
        entry: {
          at: now,
          action,
          from_status: state.status,
          to_status: decision.to,
          from_receipt_status: state.receipt_status,
          to_receipt_status: decision.receipt,
          ...historyActorOf(context.caller),
          reason: input.reason,
          cancellation_request_id: null,
        },
      });
      if (changed) {
        const order = (await findOrderIn(trx, projectId, orderId))!;
        await recordOrderEvent(trx, { action, order });
        return { status: 200, order };
      }
      // Lost the race: the write lock is ours now (or, on Postgres, the winner has committed).
      state = await readOrderState(trx, projectId, orderId);
    }
  });
}

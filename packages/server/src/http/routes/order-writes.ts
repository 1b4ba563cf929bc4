import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS, statusActionOperation } from '../../contract/operations.js';
import { IDEMPOTENCY_HEADER, readIdempotencyKey } from '../../domain/idempotency.js';
import { STATUS_ACTIONS, type StatusAction } from '../../domain/order-transitions.js';
import { startIdempotencyPurge } from '../../services/idempotency-purge.js';
import { changeOrderStatus, createOrder, type WriteContext } from '../../services/order-writes.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, requirePermission, requireWriteScope } from '../auth.js';
import { sendWrite } from '../write-reply.js';

/** What an agent may do besides reading: decide cancellations. Every other change needs `write`. */
const CANCEL_DECISIONS: ReadonlySet<StatusAction> = new Set(['cancel.approve', 'cancel.reject', 'cancel']);

/** `payment.complete` → `payment/complete`; `cancel` stays `cancel`. */
const actionPath = (action: StatusAction) => action.replace('.', '/');

export function writeContext(request: FastifyRequest): WriteContext {
  return {
    caller: callerOf(request),
    idempotencyKey: readIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]),
    path: request.url.split('?')[0]!,
  };
}

const send = sendWrite;

/** `POST /v1/orders` and one route per status action, e.g. `POST /v1/orders/:order_id/payment/complete`. */
export function orderWriteRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  let stopPurge = () => {};
  app.addHook('onReady', async () => {
    stopPurge = startIdempotencyPurge(storage, (error) => app.log.warn({ err: error }, 'purging idempotency keys failed'));
  });
  app.addHook('onClose', async () => stopPurge());

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post('/v1/orders', { ...OPERATIONS.createOrder, preHandler: requireWriteScope }, async (request, reply) =>
    send(reply, await createOrder(storage, writeContext(request), request.body, config.timeZone)),
  );

  for (const action of STATUS_ACTIONS) {
    api.post(
      `/v1/orders/:order_id/${actionPath(action)}`,
      { ...statusActionOperation(action), preHandler: requirePermission(CANCEL_DECISIONS.has(action) ? 'cancel' : 'write') },
      async (request, reply) =>
        send(reply, await changeOrderStatus(storage, writeContext(request), request.params.order_id, action, request.body)),
    );
  }
}

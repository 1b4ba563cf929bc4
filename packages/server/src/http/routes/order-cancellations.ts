import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OPERATIONS, cancellationStepOperation } from '../../contract/operations.js';
import { CANCELLATION_STEPS, readRole, ROLE_HEADER, type CancellationStep } from '../../domain/cancellation.js';
import { parseCancellationListQuery } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { listCancellations, processCancellation, requestCancellation } from '../../services/order-cancellations.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, requirePermission, requireWriteScope } from '../auth.js';
import { cancellationView } from '../cancellation-view.js';
import { sendWrite } from '../write-reply.js';
import { writeContext } from './order-writes.js';

function cancellationContext(request: FastifyRequest) {
  return { ...writeContext(request), role: readRole(request.headers[ROLE_HEADER]) };
}

/** Bootpay's cancellation requests, as the official SDK's `orderCancel` calls them. */
export function orderCancellationRoutes(app: FastifyInstance, storage: Storage): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get<{ Querystring: RawQuery }>('/v1/order/cancel', { ...OPERATIONS.listCancellations }, async (request) => {
    const { projectId } = callerOf(request);
    // Read-only: any key and either role may read; the headers are still checked.
    readRole(request.headers[ROLE_HEADER]);
    const { count, list } = await listCancellations(storage, projectId, parseCancellationListQuery(request.query));
    return { count, list: list.map(cancellationView) };
  });

  api.post('/v1/order/cancel', { ...OPERATIONS.requestCancellation, preHandler: requireWriteScope }, async (request, reply) =>
    sendWrite(reply, await requestCancellation(storage, cancellationContext(request), request.body)),
  );

  for (const step of Object.keys(CANCELLATION_STEPS) as CancellationStep[]) {
    api.put(
      `/v1/order/cancel/:order_cancellation_request_id/${step}`,
      // Deciding a request is an agent's work; withdrawing it is the buyer's side, a write.
      { ...cancellationStepOperation(step), preHandler: step === 'withdraw' ? requireWriteScope : requirePermission('cancel') },
      async (request, reply) =>
        sendWrite(
          reply,
          await processCancellation(storage, cancellationContext(request), request.params.order_cancellation_request_id, step, request.body),
        ),
    );
  }
}

import type { FastifyReply } from 'fastify';
import type { WriteResponse } from '../services/idempotent-write.js';
import { cancellationView } from './cancellation-view.js';
import { orderDetailView } from './order-view.js';

/** A write's answer: the order as `GET /v1/orders/:order_id` shows it, the cancellation request, or the refusal's envelope as stored. */
export function sendWrite(reply: FastifyReply, response: WriteResponse): FastifyReply {
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  const { outcome } = response;
  const body =
    'order' in outcome
      ? JSON.stringify(orderDetailView(outcome.order))
      : 'cancellation' in outcome
        ? JSON.stringify(cancellationView(outcome.cancellation))
        : outcome.body;
  return reply.code(response.status).type('application/json; charset=utf-8').send(body);
}

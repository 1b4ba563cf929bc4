import type { CancellationRequestView } from '../contract/cancellation-schemas.js';
import type { CancellationRequest } from '../domain/cancellation.js';
import { formatTimestamp } from '../domain/timestamps.js';

/** A cancellation request on the wire: Bootpay's fields first (the id under both its names), then jumun's. */
export function cancellationView(request: CancellationRequest): CancellationRequestView {
  return {
    order_cancellation_request_id: request.order_cancellation_request_id,
    order_cancel_request_history_id: request.order_cancellation_request_id,
    order_id: request.order_id,
    order_number: request.order_number,
    status: request.status,
    cancel_reason: request.cancel_reason,
    cancel_type: request.cancel_type,
    requested_at: formatTimestamp(request.requested_at)!,
    processed_at: formatTimestamp(request.processed_at),
    refund_price: request.refund_price,
    requested_price: request.requested_price,
    cancel_products: request.cancel_products,
    requested_role: request.requested_role,
    requested_by: request.requested_by,
    processed_by: request.processed_by,
    processed_message: request.processed_message,
  };
}

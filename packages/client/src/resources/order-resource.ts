import { clampLimit, MAX_LIMIT } from '../generated/contract-constants.js';
import { AutoPager } from '../pagination.js';
import { generateIdempotencyKey } from '../transport/idempotency-key.js';
import type { RequestSender } from '../transport/request-sender.js';
import type {
  CompletePaymentParams,
  CreateOrderParams,
  OrderDetail,
  OrderList,
  OrderListItem,
  OrderListParams,
  ReasonParams,
  RejectCancelParams,
  WriteOptions,
} from './order-types.js';

/** The most orders one page holds; larger `limit`s are clamped by the server. */
export const MAX_ORDERS_PER_PAGE = MAX_LIMIT;

/** Orders (주문): `commerce.order`. */
export class OrderResource {
  constructor(private readonly sender: RequestSender) {}

  /**
   * One page of orders matching the filters: `GET /v1/orders`.
   * @example await commerce.order.list({ page: 1, limit: 20, css_at: '2025-01-01', cse_at: '2025-01-31' })
   */
  list(params: OrderListParams = {}): Promise<OrderList> {
    return this.sender.send<OrderList>({ method: 'GET', path: 'orders', query: { ...params } });
  }

  /**
   * One order in full: `GET /v1/orders/:order_id`.
   * Rejects with `BootpayCommerceNotFoundError` (code 3700) when it does not exist or is another project's.
   */
  detail(orderId: string): Promise<OrderDetail> {
    return this.sender.send<OrderDetail>({ method: 'GET', path: `orders/${encodeURIComponent(orderId)}` });
  }

  /**
   * A user group's orders of one month: `GET /v1/orders/month`.
   * @param yearMonth `YYYY-MM`
   */
  month(userGroupId: string, yearMonth: string): Promise<OrderList> {
    return this.sender.send<OrderList>({
      method: 'GET',
      path: 'orders/month',
      query: { user_group_id: userGroupId, search_date: yearMonth },
    });
  }

  /**
   * Every order matching the filters, fetched page by page as the loop consumes them.
   * `limit` sets the page size (default and maximum 50); `page` the first page, or `cursor` (a
   * `next_cursor`) where to continue. After the first page it follows jumun's `next_cursor` (by page
   * number on servers without one).
   * @example for await (const order of commerce.order.iterate({ status: [ORDER_STATUS.PAID] })) { … }
   * @example const orders = await commerce.order.iterate({ user_id: 'u1' }).toArray({ limit: 500 })
   */
  iterate(params: OrderListParams = {}): AutoPager<OrderListItem> {
    const pageSize = clampLimit(params.limit ?? MAX_ORDERS_PER_PAGE);
    const { page: _page, cursor: startAfter, ...filters } = params;
    return new AutoPager(
      (page, limit, cursor) => this.list(cursor === undefined ? { ...filters, page, limit } : { ...filters, limit, cursor }),
      startAfter === undefined ? (params.page ?? 1) : 1,
      pageSize,
      startAfter,
    );
  }

  /**
   * Creates an order: `POST /v1/orders`. Answers with the new order as `detail` shows it
   * (status 0, one history entry `create`).
   *
   * Sent with an `Idempotency-Key` (yours, or a new UUID), so a retry after a lost answer
   * returns the same order instead of creating a second one.
   * @example await commerce.order.create({ order_name: '원두', price: 15000, order_type: 'direct', user: { user_id: 'u1' } })
   */
  create(params: CreateOrderParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.write('orders', params, options);
  }

  /** Status 0 → 1 (결제 진행 중): `POST /v1/orders/:order_id/payment/start`. */
  startPayment(orderId: string, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'payment/start', {}, options);
  }

  /**
   * Status 0 or 1 → 2 (결제 완료), receipt status 1: `POST /v1/orders/:order_id/payment/complete`.
   * Sets `receipt_id`, `payment` and `purchased_at` (default now).
   */
  completePayment(orderId: string, params: CompletePaymentParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'payment/complete', params, options);
  }

  /** Status 1 → 0, recorded as a failed payment: `POST /v1/orders/:order_id/payment/fail`. The order can be paid again. */
  failPayment(orderId: string, params: ReasonParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'payment/fail', params, options);
  }

  /** Status 2 → 3 (취소 요청): `POST /v1/orders/:order_id/cancel/request`. */
  requestCancel(orderId: string, params: ReasonParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'cancel/request', params, options);
  }

  /** Status 3 → 4 (취소 완료), receipt status 20, sets `cancelled_at`: `POST /v1/orders/:order_id/cancel/approve`. */
  approveCancel(orderId: string, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'cancel/approve', {}, options);
  }

  /** Status 3 → 2, the cancellation refused: `POST /v1/orders/:order_id/cancel/reject`. */
  rejectCancel(orderId: string, params: RejectCancelParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'cancel/reject', params, options);
  }

  /** Status 2 → 4 (취소 완료) at once, receipt status 20, sets `cancelled_at`: `POST /v1/orders/:order_id/cancel`. */
  cancel(orderId: string, params: ReasonParams, options: WriteOptions = {}): Promise<OrderDetail> {
    return this.action(orderId, 'cancel', params, options);
  }

  private action(orderId: string, action: string, body: object, options: WriteOptions): Promise<OrderDetail> {
    return this.write(`orders/${encodeURIComponent(orderId)}/${action}`, body, options);
  }

  /**
   * Every write carries an idempotency key, made here once per call: the sender's retries resend
   * the same request, key included, so a retry can only ever replay the first answer.
   */
  private write(path: string, body: object, options: WriteOptions): Promise<OrderDetail> {
    const idempotencyKey = options.idempotency_key ?? generateIdempotencyKey();
    return this.sender.send<OrderDetail>({ method: 'POST', path, body, idempotencyKey });
  }
}

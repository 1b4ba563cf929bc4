import { AutoPager } from '../pagination.js';
import type { RequestSender } from '../transport/request-sender.js';
import type { OrderDetail, OrderList, OrderListItem, OrderListParams } from './order-types.js';

/** The most orders one page holds; larger `limit`s are clamped by the server. */
export const MAX_ORDERS_PER_PAGE = 50;

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
   * `limit` sets the page size (default and maximum 50); `page` the first page.
   * @example for await (const order of commerce.order.iterate({ status: [ORDER_STATUS.PAID] })) { … }
   * @example const orders = await commerce.order.iterate({ user_id: 'u1' }).toArray({ limit: 500 })
   */
  iterate(params: OrderListParams = {}): AutoPager<OrderListItem> {
    const pageSize = Math.min(params.limit ?? MAX_ORDERS_PER_PAGE, MAX_ORDERS_PER_PAGE);
    return new AutoPager((page, limit) => this.list({ ...params, page, limit }), params.page ?? 1, pageSize);
  }
}

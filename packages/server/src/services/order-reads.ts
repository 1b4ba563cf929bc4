import { ApiError } from '../domain/errors.js';
import type { Order, OrderDetail } from '../domain/order.js';
import { isOrderId } from '../domain/order-ids.js';
import type { MonthQuery, OrderFilter, Pagination } from '../domain/order-query.js';
import { countOrders, findOrder, listOrders } from '../storage/order-repository.js';
import type { Storage } from '../storage/storage.js';

/** One page of a list and the exact count of all its matches. */
export interface OrderPage {
  count: number;
  orders: Order[];
}

/** `GET /v1/orders`: the page and the count of the same filter, read side by side. */
export async function readOrderPage(storage: Storage, projectId: string, filter: OrderFilter, page: Pagination): Promise<OrderPage> {
  const [count, orders] = await Promise.all([
    countOrders(storage, projectId, filter),
    listOrders(storage, projectId, filter, page),
  ]);
  return { count, orders };
}

/** `GET /v1/orders/month`: one buyer group's orders created in one local month. */
export function readMonthOrders(storage: Storage, projectId: string, month: MonthQuery): Promise<OrderPage> {
  const filter: OrderFilter = { userGroupId: month.userGroupId, dateField: 'created_at', from: month.from, to: month.to };
  return readOrderPage(storage, projectId, filter, month);
}

/** `GET /v1/orders/:order_id`. A malformed id, a missing order and another project's order all look the same. */
export async function readOrderDetail(storage: Storage, projectId: string, orderId: string): Promise<OrderDetail> {
  const order = isOrderId(orderId) ? await findOrder(storage, projectId, orderId) : null;
  if (!order) throw new ApiError('ORDER_NOT_FOUND');
  return order;
}

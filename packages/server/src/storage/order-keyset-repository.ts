import { pageKeywordAccess, planKeyword } from './order-repository.js';
import { onBehalfOf } from './read-tenant.js';
import type { SortPosition } from '../domain/order-cursor.js';
import type { OrderFilter } from '../domain/order-query.js';
import { orderFilterSql, orderSortSql, type KeysetSlice } from './order-filter-sql.js';
import type { OrderRow } from './schema.js';
import type { Storage } from './storage.js';

/**
 * The stretches of the list's order from `after` on. The `p_at` order without a date range is
 * two: the paid orders by purchased_at, then the unpaid ones by order_id; each is one index range,
 * where a single "after" condition spanning both would be an OR that no index serves.
 */
export function keysetSlices(filter: OrderFilter, after: SortPosition | null): KeysetSlice[] {
  if (after && after.date === null) return [{ part: 'undated', after }];
  const dated: KeysetSlice = after ? { part: 'dated', after } : { part: 'dated' };
  const unpaidFollow = filter.dateField === 'purchased_at' && filter.from === undefined && filter.to === undefined;
  return unpaidFollow ? [dated, { part: 'undated' }] : [dated];
}

type OrderColumn = keyof OrderRow & string;
type KeywordAccess = Partial<ReturnType<typeof pageKeywordAccess>>;
/** What a row must carry to give its sort position. */
type PositionColumn = 'order_id' | 'created_at' | 'purchased_at';

/** One slice's rows in the list's order, unexecuted (so its plan can be shown, too). */
export function orderSliceQuery(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  slice: KeysetSlice,
  limit: number,
  columns?: readonly OrderColumn[],
  keyword: KeywordAccess = {},
) {
  const from = storage.reads.selectFrom('orders');
  let query = (columns ? from.select(columns) : from.selectAll()).where(
    orderFilterSql(projectId, filter, storage.dialect, { slice, ...keyword }),
  );
  // The list's own order in every slice, so each is read from the same index as the list's pages.
  for (const order of orderSortSql(filter, storage.dialect)) query = query.orderBy(order);
  return query.limit(limit);
}

/**
 * Up to `limit` matching orders after `after` (from the start when null) in the list's order, by
 * keyset: every read seeks its index to the position, so a page deep in the list costs what the
 * first one does. The list's cursor pages and the CSV export both read through here; `columns`
 * (all when not given) must include the sort position's. `keyword`: the keyword's plan, when the
 * caller made it already (an export, once for all its pages).
 */
export async function ordersAfter<C extends OrderColumn = OrderColumn>(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  after: SortPosition | null,
  limit: number,
  columns?: readonly (C | PositionColumn)[],
  keyword?: KeywordAccess,
): Promise<Array<Pick<OrderRow, C | PositionColumn>>> {
  const access =
    keyword ?? (filter.keyword === undefined ? {} : pageKeywordAccess(await planKeyword(storage, projectId, filter)));
  const rows: Array<Pick<OrderRow, C | PositionColumn>> = [];
  for (const slice of keysetSlices(filter, after)) {
    // Each read on its own: between pages an export holds no worker or connection.
    const query = orderSliceQuery(storage, projectId, filter, slice, limit - rows.length, columns, access);
    const page = await onBehalfOf(projectId, () => query.execute());
    rows.push(...(page as Array<Pick<OrderRow, C | PositionColumn>>));
    if (rows.length >= limit) break;
  }
  return rows;
}

import {
  SUBSCRIPTION_LIST_PARAMETERS,
  SUBSCRIPTION_STATUS_VALUES,
  type SubscriptionStatus,
} from '../contract/constants.js';
import { invalidParameter } from './errors.js';
import { aliased, billingTypeParameter, day, enumList, identifier, parsePagination, single, type Pagination } from './order-query.js';
import type { BillingType } from './order-status.js';
import type { RawQuery } from './raw-query.js';
import { compareCalendarDates, formatCalendarDate, nextDay, startOfLocalDay } from './time-zone.js';

const P = SUBSCRIPTION_LIST_PARAMETERS;

/** The filters of `GET /v1/order_subscriptions`, every field validated. */
export interface SubscriptionFilter {
  userId?: string;
  userGroupId?: string;
  billingType?: BillingType;
  statuses?: SubscriptionStatus[];
  keyword?: string;
  /** Contract created at or after (Unix seconds). */
  from?: number;
  /** Contract created before (Unix seconds, exclusive). */
  to?: number;
  /** The contract this order bills. */
  orderId?: string;
  /** The contract the order with this order number bills. */
  orderNumber?: string;
}

export type SubscriptionListQuery = SubscriptionFilter & Pagination;

/**
 * Parameters the SDK can send that jumun cannot honour: answering as if they were absent would
 * be a silent guess, so they are a 400 naming them.
 */
const UNSUPPORTED = { request_type: '지원하지 않는 조건 (jumun에는 구독 변경 요청이 없습니다)' } as const;

/** `GET /v1/order_subscriptions`; throws a 400 ApiError naming the bad parameter. */
export function parseSubscriptionListQuery(query: RawQuery, timeZone: string): SubscriptionListQuery {
  for (const [name, expected] of Object.entries(UNSUPPORTED)) {
    const value = single(query, name);
    if (value !== undefined) throw invalidParameter(name, value, expected);
  }
  const filter: SubscriptionListQuery = parsePagination(query);

  const userId = identifier(query, 'user_id');
  if (userId !== undefined) filter.userId = userId;
  const userGroupId = identifier(query, 'user_group_id');
  if (userGroupId !== undefined) filter.userGroupId = userGroupId;
  const orderId = identifier(query, 'order_id');
  if (orderId !== undefined) filter.orderId = orderId;
  const orderNumber = identifier(query, 'order_number');
  if (orderNumber !== undefined) filter.orderNumber = orderNumber;

  const billingType = billingTypeParameter(query);
  if (billingType !== undefined) filter.billingType = billingType;

  const statuses = enumList(query, 'status', SUBSCRIPTION_STATUS_VALUES);
  if (statuses) filter.statuses = statuses;

  const keyword = single(query, 'keyword')?.trim();
  if (keyword) {
    if (keyword.length > P.keyword.maxLength) {
      throw invalidParameter('keyword', keyword, `${P.keyword.maxLength}자 이하의 문자열`);
    }
    filter.keyword = keyword;
  }

  const startParam = aliased(query, 'search_date_from', P.search_date_from.alias);
  const endParam = aliased(query, 'search_date_to', P.search_date_to.alias);
  const start = day(startParam);
  const end = day(endParam);
  if (start && end && compareCalendarDates(start, end) > 0) {
    throw invalidParameter(endParam.name, endParam.value!, `${startParam.name} (${formatCalendarDate(start)}) 이후이거나 같은 날짜`);
  }
  if (start) filter.from = startOfLocalDay(start, timeZone);
  if (end) filter.to = startOfLocalDay(nextDay(end), timeZone);
  return filter;
}

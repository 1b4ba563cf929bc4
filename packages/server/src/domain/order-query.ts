import { clampLimit, DEFAULT_LIMIT, LIST_PARAMETERS } from '../contract/constants.js';
import { foldBuyerText, parsePhoneSearch, type PhoneSearch } from './buyer-search.js';
import { echo, invalidParameter } from './errors.js';
import {
  BILLING_TYPES,
  ORDER_STATUS_VALUES,
  ORDER_TYPES,
  RECEIPT_STATUS_VALUES,
  type BillingType,
  type OrderStatus,
  type OrderType,
  type ReceiptStatus,
} from './order-status.js';
import type { RawQuery } from './raw-query.js';
import { parseTimestamp } from './timestamps.js';
import {
  compareCalendarDates,
  formatCalendarDate,
  nextDay,
  nextMonth,
  parseCalendarDate,
  parseCalendarMonth,
  startOfLocalDay,
  type CalendarDate,
} from './time-zone.js';

export { DEFAULT_LIMIT, MAX_LIMIT } from '../contract/constants.js';
/** Names, aliases and limits come from the parameter table the client and the console share. */
const P = LIST_PARAMETERS;
export const MAX_PAGE = P.page.maximum;
const MAX_ID_LENGTH = P.user_id.maxLength;
const MAX_KEYWORD_LENGTH = P.keyword.maxLength;
const MAX_LIST_ITEMS = P.status.maxItems;

export type DateField = 'created_at' | 'purchased_at';

/** The filters shared by the list, the summary and the export: every field already validated. */
export interface OrderFilter {
  userId?: string;
  userGroupId?: string;
  subscriptionIds?: string[];
  billingType?: BillingType;
  keyword?: string;
  dateField: DateField;
  /** Unix seconds, inclusive. */
  from?: number;
  /** Unix seconds, exclusive. */
  to?: number;
  statuses?: OrderStatus[];
  paymentStatuses?: ReceiptStatus[];
  /** jumun extension `order_type`: any of these order types. */
  orderTypes?: OrderType[];
  /** jumun extension `created_before`: created strictly before this instant (Unix seconds). */
  createdBefore?: number;
  /** jumun extension `payment_failed`: with (true) or without (false) a failed payment attempt. */
  paymentFailed?: boolean;
  /** jumun extension `username`: the buyer's name starts with this (both A–Z-folded). */
  buyerNamePrefix?: string;
  /** jumun extension `user_email`: the buyer's email is this (both A–Z-folded). */
  buyerEmail?: string;
  /** jumun extension `user_phone`: the buyer's phone digits are these, or end with them. */
  buyerPhone?: PhoneSearch;
}

export interface Pagination {
  page: number;
  limit: number;
}

export type OrderListQuery = OrderFilter & Pagination & {
  /** jumun extension `cursor`: a `next_cursor` of this list, still to be verified against the project and filters. */
  cursor?: string;
};

/** Values of a parameter given once; an empty value counts as not given (what HTML forms send). */
export function single(query: RawQuery, name: string): string | undefined {
  const values = (query[name] ?? []).filter((v) => v !== '');
  if (values.length > 1) throw invalidParameter(name, values.join(','), '한 번만 지정하는 값');
  return values[0];
}

/** The values of an array parameter, in any of its forms, comma-separated items split. */
function list(query: RawQuery, name: string): string[] | undefined {
  const values = query[name];
  if (!values) return undefined;
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (items.length > MAX_LIST_ITEMS) {
    throw invalidParameter(name, values.join(','), `최대 ${MAX_LIST_ITEMS}개의 값`);
  }
  return items.length > 0 ? [...new Set(items)] : undefined;
}

export function identifier(query: RawQuery, name: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && value.length > MAX_ID_LENGTH) {
    throw invalidParameter(name, value, `${MAX_ID_LENGTH}자 이하의 문자열`);
  }
  return value;
}

export function enumList<T extends number>(query: RawQuery, name: string, allowed: readonly T[]): T[] | undefined {
  const items = list(query, name);
  if (!items) return undefined;
  const expected = `${allowed.join(', ')} 중 하나 이상 (쉼표로 구분)`;
  return items.map((item) => {
    const value = /^\d{1,3}$/.test(item) ? Number(item) : NaN;
    if (!allowed.includes(value as T)) throw invalidParameter(name, item, expected);
    return value as T;
  });
}

function positiveInteger(query: RawQuery, name: string, fallback: number, max: number): number {
  const value = single(query, name);
  if (value === undefined) return fallback;
  const expected = `1 이상 ${max.toLocaleString('en-US')} 이하의 정수`;
  if (!/^\d{1,10}$/.test(value)) throw invalidParameter(name, value, expected);
  const number = Number(value);
  if (number < 1 || number > max) throw invalidParameter(name, value, expected);
  return number;
}

/** A parameter that has a second name; both given with different values is an error, not a guess. */
export function aliased(query: RawQuery, name: string, alias: string): { name: string; value?: string } {
  const primary = single(query, name);
  const secondary = single(query, alias);
  if (primary !== undefined && secondary !== undefined && primary !== secondary) {
    throw invalidParameter(alias, secondary, `${name}와 같은 값 (${name}=${echo(primary)})`);
  }
  return primary !== undefined ? { name, value: primary } : { name: alias, value: secondary };
}

export function day(parameter: { name: string; value?: string }): CalendarDate | undefined {
  if (parameter.value === undefined) return undefined;
  const date = parseCalendarDate(parameter.value);
  if (!date) throw invalidParameter(parameter.name, parameter.value, '실제로 있는 날짜 YYYY-MM-DD');
  return date;
}

/** Parses and validates the list's filters; throws a 400 ApiError naming the bad parameter. */
/** `subscription_billing_type`: one of 0, 1, 2 (the order list and the contract list read it alike). */
export function billingTypeParameter(query: RawQuery): BillingType | undefined {
  const given = single(query, 'subscription_billing_type');
  if (given === undefined) return undefined;
  const value = /^\d$/.test(given) ? Number(given) : NaN;
  if (!BILLING_TYPES.includes(value as BillingType)) throw invalidParameter('subscription_billing_type', given, '0, 1, 2 중 하나');
  return value as BillingType;
}

export function parseOrderFilter(query: RawQuery, timeZone: string): OrderFilter {
  const filter: OrderFilter = { dateField: 'created_at' };

  const csType = single(query, 'cs_type');
  if (csType !== undefined) {
    if (csType !== 'c_at' && csType !== 'p_at') {
      throw invalidParameter('cs_type', csType, "'c_at' (생성일) 또는 'p_at' (결제일)");
    }
    filter.dateField = csType === 'p_at' ? 'purchased_at' : 'created_at';
  }

  const startParam = aliased(query, 'css_at', P.css_at.alias);
  const endParam = aliased(query, 'cse_at', P.cse_at.alias);
  const start = day(startParam);
  const end = day(endParam);
  if (start && end && compareCalendarDates(start, end) > 0) {
    throw invalidParameter(
      endParam.name,
      endParam.value!,
      `${startParam.name} (${formatCalendarDate(start)}) 이후이거나 같은 날짜`,
    );
  }
  if (start) filter.from = startOfLocalDay(start, timeZone);
  if (end) filter.to = startOfLocalDay(nextDay(end), timeZone);

  const userId = identifier(query, 'user_id');
  if (userId !== undefined) filter.userId = userId;
  const userGroupId = identifier(query, 'user_group_id');
  if (userGroupId !== undefined) filter.userGroupId = userGroupId;

  const subscriptionIds = list(query, 'order_subscription_ids');
  if (subscriptionIds) {
    const tooLong = subscriptionIds.find((id) => id.length > MAX_ID_LENGTH);
    if (tooLong) throw invalidParameter('order_subscription_ids', tooLong, `${MAX_ID_LENGTH}자 이하의 문자열`);
    filter.subscriptionIds = subscriptionIds;
  }

  const billingType = billingTypeParameter(query);
  if (billingType !== undefined) filter.billingType = billingType;

  const keyword = single(query, 'keyword')?.trim();
  if (keyword) {
    if (keyword.length > MAX_KEYWORD_LENGTH) {
      throw invalidParameter('keyword', keyword, `${MAX_KEYWORD_LENGTH}자 이하의 문자열`);
    }
    filter.keyword = keyword;
  }

  const statuses = enumList(query, 'status', ORDER_STATUS_VALUES);
  if (statuses) filter.statuses = statuses;
  const paymentStatuses = enumList(query, 'payment_status', RECEIPT_STATUS_VALUES);
  if (paymentStatuses) filter.paymentStatuses = paymentStatuses;

  const orderTypes = list(query, 'order_type');
  if (orderTypes) {
    const unknown = orderTypes.find((type) => !ORDER_TYPES.includes(type as OrderType));
    if (unknown !== undefined) {
      throw invalidParameter('order_type', unknown, `${ORDER_TYPES.join(', ')} 중 하나 이상 (쉼표로 구분)`);
    }
    filter.orderTypes = orderTypes as OrderType[];
  }

  const createdBefore = single(query, 'created_before');
  if (createdBefore !== undefined) {
    const instant = createdBefore.length <= 40 ? parseTimestamp(createdBefore) : null;
    if (instant === null) {
      throw invalidParameter('created_before', createdBefore, '시간대가 붙은 ISO-8601 시각 (예: 2025-07-11T02:52:09Z)');
    }
    filter.createdBefore = instant;
  }

  const paymentFailed = single(query, 'payment_failed');
  if (paymentFailed !== undefined) {
    if (paymentFailed !== 'true' && paymentFailed !== 'false') {
      throw invalidParameter('payment_failed', paymentFailed, "'true' 또는 'false'");
    }
    filter.paymentFailed = paymentFailed === 'true';
  }

  parseBuyerSearch(query, filter);
  return filter;
}

/** A trimmed text parameter of at most its table's length; empty counts as not given. */
function boundedText(query: RawQuery, name: 'username' | 'user_email' | 'user_phone'): string | undefined {
  const value = single(query, name)?.trim();
  if (!value) return undefined;
  const max = P[name].maxLength;
  if (value.length > max) throw invalidParameter(name, value, `${max}자 이하의 문자열`);
  return value;
}

function parseBuyerSearch(query: RawQuery, filter: OrderFilter): void {
  const name = boundedText(query, 'username');
  if (name !== undefined) filter.buyerNamePrefix = foldBuyerText(name);
  const email = boundedText(query, 'user_email');
  if (email !== undefined) filter.buyerEmail = foldBuyerText(email);
  const phone = boundedText(query, 'user_phone');
  if (phone !== undefined) filter.buyerPhone = parsePhoneSearch(phone);
}

export function parsePagination(query: RawQuery): Pagination {
  const page = positiveInteger(query, 'page', P.page.default, MAX_PAGE);
  // Values above the maximum are clamped, as the spec says; malformed ones are still errors.
  const limit = clampLimit(positiveInteger(query, 'limit', DEFAULT_LIMIT, P.limit.maximum));
  return { page, limit };
}

export function parseOrderListQuery(query: RawQuery, timeZone: string): OrderListQuery {
  const parsed: OrderListQuery = { ...parseOrderFilter(query, timeZone), ...parsePagination(query) };
  const cursor = single(query, 'cursor');
  if (cursor !== undefined) {
    // A cursor says where the page starts; a page number saying it too would be a second answer.
    const page = single(query, 'page');
    if (page !== undefined) throw invalidParameter('page', page, 'cursor와 함께 쓰지 않는 값 (cursor가 이어 읽을 위치를 정합니다)');
    parsed.cursor = cursor;
  }
  return parsed;
}

export interface MonthQuery extends Pagination {
  userGroupId: string;
  from: number;
  to: number;
}

/** `GET /v1/orders/month`: one buyer group's orders created in one local month. */
export function parseMonthQuery(query: RawQuery, timeZone: string): MonthQuery {
  const userGroupId = identifier(query, 'user_group_id');
  if (userGroupId === undefined) throw invalidParameter('user_group_id', '', '주문자 그룹 ID (필수)');
  const text = single(query, 'search_date');
  if (text === undefined) throw invalidParameter('search_date', '', 'YYYY-MM (필수)');
  const month = parseCalendarMonth(text);
  if (!month) throw invalidParameter('search_date', text, '실제로 있는 달 YYYY-MM');
  return {
    userGroupId,
    from: startOfLocalDay(month, timeZone),
    to: startOfLocalDay(nextMonth(month), timeZone),
    ...parsePagination(query),
  };
}

export interface CancellationListQuery extends Pagination {
  orderId?: string;
  orderNumber?: string;
}

/** `GET /v1/order/cancel`: newest requests first, of one order (by id or number, or both) or of the project. */
export function parseCancellationListQuery(query: RawQuery): CancellationListQuery {
  const orderId = identifier(query, 'order_id');
  const orderNumber = identifier(query, 'order_number');
  return {
    ...(orderId !== undefined ? { orderId } : {}),
    ...(orderNumber !== undefined ? { orderNumber } : {}),
    ...parsePagination(query),
  };
}

import type { OrderFilter } from './order-query.js';
import { formatCalendarDate, localDate } from './time-zone.js';
import { formatTimestamp } from './timestamps.js';

/**
 * The query parameters that select exactly `filter`: the inverse of parseOrderFilter, with
 * arrays comma-joined as the official SDK sends them. Canonical names only (css_at, not its alias).
 */
export function orderFilterParams(filter: OrderFilter, timeZone: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.dateField === 'purchased_at') params.cs_type = 'p_at';
  if (filter.from !== undefined) params.css_at = formatCalendarDate(localDate(filter.from, timeZone));
  // `to` is the start of the day after the last one.
  if (filter.to !== undefined) params.cse_at = formatCalendarDate(localDate(filter.to - 1, timeZone));
  if (filter.statuses) params.status = filter.statuses.join(',');
  if (filter.paymentStatuses) params.payment_status = filter.paymentStatuses.join(',');
  if (filter.orderTypes) params.order_type = filter.orderTypes.join(',');
  if (filter.userId !== undefined) params.user_id = filter.userId;
  if (filter.userGroupId !== undefined) params.user_group_id = filter.userGroupId;
  if (filter.subscriptionIds) params.order_subscription_ids = filter.subscriptionIds.join(',');
  if (filter.billingType !== undefined) params.subscription_billing_type = String(filter.billingType);
  if (filter.keyword !== undefined) params.keyword = filter.keyword;
  if (filter.createdBefore !== undefined) params.created_before = formatTimestamp(filter.createdBefore)!;
  if (filter.paymentFailed !== undefined) params.payment_failed = String(filter.paymentFailed);
  if (filter.buyerNamePrefix !== undefined) params.username = filter.buyerNamePrefix;
  if (filter.buyerEmail !== undefined) params.user_email = filter.buyerEmail;
  if (filter.buyerPhone !== undefined) params.user_phone = filter.buyerPhone.digits;
  return params;
}

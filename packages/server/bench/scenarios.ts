import { formatCalendarDate, localDate, nextMonth, startOfLocalDay, type CalendarDate } from '../src/domain/time-zone.js';
import type { Storage } from '../src/storage/storage.js';
import type { Dataset } from './load.js';

/** One filter family of `GET /v1/orders`: the query string sent, exactly as a client would. */
export interface Scenario {
  key: string;
  label: string;
  /** Without the leading `?`; URL-encoded. */
  query: string;
  /** `GET /v1/orders/summary` with the query instead of the list. */
  endpoint?: 'summary';
}

/** The path a scenario requests. */
export function scenarioPath(scenario: Scenario): string {
  const base = scenario.endpoint === 'summary' ? '/v1/orders/summary' : '/v1/orders';
  return scenario.query ? `${base}?${scenario.query}` : base;
}

/** Real values from the data set that the scenarios filter by. */
export interface ScenarioFacts {
  month: { from: string; to: string };
  userId: string;
  userGroupId: string;
  subscriptionIds: [string, string];
  orderIdPrefix: string;
  /** An order from about half a year before the data set's end: far down the list. */
  olderOrder: { orderId: string; orderNumberPrefix: string; receiptId: string };
  nameFragment: string;
  shortNameFragment: string;
  /** The buyer snapshot of the newest order with all three: what buyer search looks for. */
  buyer: { name: string; email: string; phone: string };
}

function lastDayOf(month: CalendarDate): CalendarDate {
  const next = nextMonth(month);
  // The day before the 1st of the next month, as a calendar date in UTC arithmetic.
  const d = new Date(Date.UTC(next.year, next.month - 1, 1) - 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The last whole calendar month (in the service time zone) before the data set's end. */
function recentFullMonth(dataset: Dataset): { from: string; to: string } {
  const today = localDate(dataset.now, dataset.timeZone);
  const thisMonth = { year: today.year, month: today.month, day: 1 };
  const previous = thisMonth.month === 1 ? { year: thisMonth.year - 1, month: 12, day: 1 } : { year: thisMonth.year, month: thisMonth.month - 1, day: 1 };
  // Sanity: the whole month lies inside the 13 months of data.
  if (startOfLocalDay(previous, dataset.timeZone) < dataset.now - 395 * 86_400) throw new Error('data set too short for a month');
  return { from: formatCalendarDate(previous), to: formatCalendarDate(lastDayOf(previous)) };
}

/** Picks real buyers, groups, subscriptions and an order id from the newest orders of the project. */
export async function scenarioFacts(storage: Storage, dataset: Dataset): Promise<ScenarioFacts> {
  // `executeTakeFirst` does not limit the query: without `limit` Postgres sorted all 5M orders of
  // the 10M data set for one row and hit the statement timeout.
  const newest = (limit = 1) =>
    storage.db
      .selectFrom('orders')
      .where('project_id', '=', dataset.projectId)
      .orderBy('created_at', 'desc')
      .orderBy('order_id', 'desc')
      .limit(limit);
  const order = await newest().select(['order_id', 'user_id']).executeTakeFirstOrThrow();
  const grouped = await newest().select('user_group_id').where('user_group_id', 'is not', null).executeTakeFirstOrThrow();
  const subscribed = await newest(200).select('order_subscription_id').where('order_subscription_id', 'is not', null).execute();
  const subscriptionIds = [...new Set(subscribed.map((r) => r.order_subscription_id!))];
  if (subscriptionIds.length < 2) throw new Error('the data set has fewer than two subscriptions');
  if (!order.user_id || !grouped.user_group_id) throw new Error('the data set has no buyer or no buyer group');
  const buyer = await newest()
    .select(['username', 'user_email', 'user_phone'])
    .where('username', 'is not', null)
    .where('user_email', 'is not', null)
    .where('user_phone', 'is not', null)
    .executeTakeFirstOrThrow();
  const older = await newest()
    .select(['order_id', 'order_number', 'receipt_id'])
    .where('created_at', '<', dataset.now - 182 * 86_400)
    .where('receipt_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    month: recentFullMonth(dataset),
    userId: order.user_id,
    userGroupId: grouped.user_group_id,
    subscriptionIds: [subscriptionIds[0]!, subscriptionIds[1]!],
    orderIdPrefix: order.order_id.slice(0, 12),
    olderOrder: { orderId: older.order_id, orderNumberPrefix: older.order_number.slice(0, 12), receiptId: older.receipt_id! },
    nameFragment: '텀블러',
    shortNameFragment: '이어',
    buyer: { name: buyer.username!, email: buyer.user_email!, phone: buyer.user_phone! },
  };
}

function qs(params: Record<string, string>): string {
  // URLSearchParams encodes ',' as %2C, as the official SDK's requests do.
  return new URLSearchParams(params).toString();
}

export function scenarios(facts: ScenarioFacts): Scenario[] {
  const month = { css_at: facts.month.from, cse_at: facts.month.to };
  return [
    { key: 'none', label: 'no filter', query: '' },
    { key: 'month', label: `one month (${facts.month.from.slice(0, 7)})`, query: qs(month) },
    { key: 'month-status', label: 'month + status=2', query: qs({ ...month, status: '2' }) },
    { key: 'payment-status', label: 'payment_status=20', query: qs({ payment_status: '20' }) },
    { key: 'user', label: 'user_id', query: qs({ user_id: facts.userId }) },
    { key: 'group', label: 'user_group_id', query: qs({ user_group_id: facts.userGroupId }) },
    { key: 'subscriptions', label: 'order_subscription_ids (2)', query: qs({ order_subscription_ids: facts.subscriptionIds.join(',') }) },
    { key: 'billing', label: 'subscription_billing_type=2', query: qs({ subscription_billing_type: '2' }) },
    { key: 'keyword-id', label: 'keyword = order id prefix (12 hex)', query: qs({ keyword: facts.orderIdPrefix }) },
    { key: 'keyword-name', label: `keyword = name part (${facts.nameFragment})`, query: qs({ keyword: facts.nameFragment }) },
    { key: 'page-1000', label: 'page=1000 (limit 20)', query: qs({ page: '1000', limit: '20' }) },
    { key: 'p-at-month', label: 'cs_type=p_at + month', query: qs({ cs_type: 'p_at', ...month }) },
    { key: 'status-3', label: 'status=3, all time', query: qs({ status: '3' }) },
    { key: 'order-type', label: 'order_type=link', query: qs({ order_type: 'link' }) },
    { key: 'keyword-full-id', label: 'keyword = full order id (half a year old)', query: qs({ keyword: facts.olderOrder.orderId }) },
    { key: 'keyword-number', label: 'keyword = order number prefix (12 digits)', query: qs({ keyword: facts.olderOrder.orderNumberPrefix }) },
    { key: 'keyword-receipt', label: 'keyword = receipt id', query: qs({ keyword: facts.olderOrder.receiptId }) },
    { key: 'keyword-2char', label: `keyword = 2-character name part (${facts.shortNameFragment})`, query: qs({ keyword: facts.shortNameFragment }) },
    { key: 'page-10000', label: 'page=10000 (limit 20)', query: qs({ page: '10000', limit: '20' }) },
    // Buyer search: the email in capitals (matched A–Z folded), the phone as typed and as digits.
    { key: 'buyer-email', label: 'user_email (other case)', query: qs({ user_email: facts.buyer.email.toUpperCase() }) },
    { key: 'buyer-phone', label: 'user_phone, whole number', query: qs({ user_phone: facts.buyer.phone }) },
    { key: 'buyer-phone-4', label: 'user_phone, last 4 digits', query: qs({ user_phone: facts.buyer.phone.replace(/\D/g, '').slice(-4) }) },
    { key: 'buyer-name', label: `username = a whole name (${facts.buyer.name})`, query: qs({ username: facts.buyer.name }) },
    { key: 'buyer-name-month', label: 'username + one month', query: qs({ username: facts.buyer.name, ...month }) },
    // A name part within one month: the count reads the name index, bounded by the month (the
    // rows that show what monthly partitions prune).
    { key: 'keyword-name-month', label: `keyword = name part (${facts.nameFragment}) + one month`, query: qs({ keyword: facts.nameFragment, ...month }) },
    { key: 'keyword-2char-month', label: `keyword = 2-character name part (${facts.shortNameFragment}) + one month`, query: qs({ keyword: facts.shortNameFragment, ...month }) },
    { key: 'summary', label: 'summary, no filter', query: '', endpoint: 'summary' },
    { key: 'summary-month', label: `summary, one month (${facts.month.from.slice(0, 7)})`, query: qs(month), endpoint: 'summary' },
  ];
}

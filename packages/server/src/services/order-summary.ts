import type { ServiceConfig } from '../config.js';
import type { OrderSummary } from '../contract/summary-schema.js';
import { calendarDateOfDayNumber, offsetSegments } from '../domain/local-time.js';
import { orderFilterParams } from '../domain/order-filter-params.js';
import type { OrderFilter } from '../domain/order-query.js';
import {
  dailySeries,
  ISSUE_NAMES,
  issueFilters,
  seriesRange,
  statusBreakdown,
  type IssueName,
  type StatusGroup,
} from '../domain/order-summary.js';
import { formatCalendarDate, nextDay, startOfLocalDay } from '../domain/time-zone.js';
import { formatTimestamp } from '../domain/timestamps.js';
import { groupCountersByDay, groupCountersByStatus } from '../storage/order-counter-repository.js';
import { countOrders } from '../storage/order-repository.js';
import { groupOrdersByLocalDay, groupOrdersByStatus } from '../storage/order-summary-repository.js';
import type { Storage } from '../storage/storage.js';

/** The wire shape is the contract's; this service fills it in. */
type Issue = OrderSummary['issues'][IssueName];

async function dailyPart(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  span: { first: number | null; last: number | null },
  timeZone: string,
) {
  const range = seriesRange(filter, span, timeZone);
  if (!range) return { date_field: filter.dateField, from: null, to: null, truncated: false, days: [] };
  const from = startOfLocalDay(range.from, timeZone);
  const to = startOfLocalDay(nextDay(range.to), timeZone);
  const groups = (await groupCountersByDay(storage, projectId, { ...filter, from, to }, timeZone))
    ?? (await groupOrdersByLocalDay(storage, projectId, filter, { from, to, segments: offsetSegments(from, to, timeZone) }));
  return {
    date_field: filter.dateField,
    from: formatCalendarDate(range.from),
    to: formatCalendarDate(range.to),
    truncated: range.truncated,
    days: dailySeries(range, groups),
  };
}

async function issuesPart(storage: Storage, projectId: string, filter: OrderFilter, config: ServiceConfig, now: number) {
  const filters = issueFilters(filter, now, config.stuckPaymentMinutes);
  const counts = await Promise.all(ISSUE_NAMES.map((name) => countOrders(storage, projectId, filters[name])));
  return Object.fromEntries(
    ISSUE_NAMES.map((name, i) => [name, { count: counts[i]!, filter: orderFilterParams(filters[name], config.timeZone) }]),
  ) as Record<IssueName, Issue>;
}

/** Totals per status from the counters when they can answer, else from the orders. */
async function statusGroups(storage: Storage, projectId: string, filter: OrderFilter, timeZone: string): Promise<StatusGroup[]> {
  const counted = await groupCountersByStatus(storage, projectId, filter, timeZone);
  if (!counted) return groupOrdersByStatus(storage, projectId, filter);
  // A day stands for its first instant: the series only asks which local day the span starts and ends on.
  const instant = (day: number | null) => (day === null ? null : startOfLocalDay(calendarDateOfDayNumber(day), timeZone));
  return counted.map(({ firstDay, lastDay, ...totals }) => ({ ...totals, first: instant(firstDay), last: instant(lastDay) }));
}

/** 운영 현황과 이슈 for the list's filters: a few GROUP BY and COUNT queries, never a row scan in JS. */
export async function summarizeOrders(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  config: ServiceConfig,
  now: number,
): Promise<OrderSummary> {
  const [groups, issues] = await Promise.all([
    statusGroups(storage, projectId, filter, config.timeZone),
    issuesPart(storage, projectId, filter, config, now),
  ]);
  const { first, last, ...totals } = statusBreakdown(groups);
  const daily = await dailyPart(storage, projectId, filter, { first, last }, config.timeZone);
  return {
    ...totals,
    daily,
    issues,
    stuck_payment_minutes: config.stuckPaymentMinutes,
    time_zone: config.timeZone,
    generated_at: formatTimestamp(now)!,
  };
}

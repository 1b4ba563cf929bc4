import { compareCalendarDates, localDate, nextMonth, parseCalendarMonth, startOfLocalDay, type CalendarDate } from './time-zone.js';
import { idPrefix } from './order-ids.js';

/**
 * Monthly partitions of the order tables, as rules with no I/O. An order id begins with the 8 hex
 * digits of its creation second, so a month of orders is the id range from the month's first
 * second (in the zone) to the next month's, compared byte-wise.
 */
export interface PartitionMonth {
  /** `YYYY-MM` */
  month: string;
  /** `pYYYY_MM`: the suffix of each table's partition of this month. */
  suffix: string;
  fromSeconds: number;
  toSeconds: number;
  /** The id range: from (inclusive) … to (exclusive). */
  fromId: string;
  toId: string;
}

/** The tables partitioned together, referenced ones first. */
export const PARTITIONED_TABLES = ['orders', 'order_products', 'order_status_history'] as const;

/** The settings row naming the zone whose months the partitions follow. */
export const PARTITIONS_TIME_ZONE_SETTING = 'orders.partitions.time_zone';


const pad = (n: number) => String(n).padStart(2, '0');

export function partitionMonth(month: CalendarDate, timeZone: string): PartitionMonth {
  const next = nextMonth(month);
  const fromSeconds = startOfLocalDay({ ...month, day: 1 }, timeZone);
  const toSeconds = startOfLocalDay(next, timeZone);
  return {
    month: `${month.year}-${pad(month.month)}`,
    suffix: `p${month.year}_${pad(month.month)}`,
    fromSeconds,
    toSeconds,
    fromId: idPrefix(fromSeconds),
    toId: idPrefix(toSeconds),
  };
}

/** `YYYY-MM` as a month, or null when it is not one. */
export function parsePartitionMonth(text: string, timeZone: string): PartitionMonth | null {
  const month = parseCalendarMonth(text);
  return month ? partitionMonth(month, timeZone) : null;
}

/** Every month from the one holding `fromSeconds` to the one holding `toSeconds`, both included. */
export function monthsBetween(fromSeconds: number, toSeconds: number, timeZone: string): PartitionMonth[] {
  const last = localDate(toSeconds, timeZone);
  const months: PartitionMonth[] = [];
  for (let month = { ...localDate(fromSeconds, timeZone), day: 1 }; compareCalendarDates(month, last) <= 0; month = nextMonth(month)) {
    months.push(partitionMonth(month, timeZone));
  }
  return months;
}

/** The month holding `now` and the `ahead` months after it. */
export function monthsAhead(now: number, ahead: number, timeZone: string): PartitionMonth[] {
  let month: CalendarDate = { ...localDate(now, timeZone), day: 1 };
  const months = [partitionMonth(month, timeZone)];
  for (let i = 0; i < ahead; i++) {
    month = nextMonth(month);
    months.push(partitionMonth(month, timeZone));
  }
  return months;
}

/** A table's partition of the month: `orders_p2025_07`. */
export function partitionTableName(table: string, month: Pick<PartitionMonth, 'suffix'>): string {
  return `${table}_${month.suffix}`;
}

/** A table's partition for rows of months without one of their own. */
export function defaultPartitionName(table: string): string {
  return `${table}_default`;
}

/** The month a partition name (`orders_p2025_07`) stands for, or null for the default partition and others. */
export function monthOfPartitionName(name: string): string | null {
  const match = /_p(\d{4})_(\d{2})$/.exec(name);
  return match ? `${match[1]}-${match[2]}` : null;
}

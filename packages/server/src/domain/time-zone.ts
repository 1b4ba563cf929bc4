/** Calendar arithmetic in the service time zone, with no I/O. */
import { Temporal } from 'temporal-polyfill';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError when the runtime does not know the zone. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

interface LocalParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochSeconds: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochSeconds * 1000))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const DAY = 86_400;

/** A UTC day's offsets: `before` until `changeAt`, `after` from then on (no change: both equal). */
interface DayOffsets {
  before: number;
  changeAt: number;
  after: number;
}

const dayOffsets = new Map<string, DayOffsets | null>();

function measuredOffset(epochSeconds: number, timeZone: string): number {
  const p = localParts(epochSeconds, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - epochSeconds;
}

/** The day's offsets, the change (if any) found to the second; null when it changes more than once. */
function measureDay(day: number, timeZone: string): DayOffsets | null {
  const before = measuredOffset(day, timeZone);
  const after = measuredOffset(day + DAY - 1, timeZone);
  if (before === after) return { before, changeAt: day + DAY, after };
  let [low, high] = [day, day + DAY - 1];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (measuredOffset(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return measuredOffset(high, timeZone) === after ? { before, changeAt: high, after } : null;
}

/**
 * The zone's UTC offset at an instant. Intl is slow enough to matter in bulk, so each UTC day's
 * offsets are measured once: changes fall on any minute (America/Goose_Bay changed at 00:01).
 */
export function offsetSeconds(epochSeconds: number, timeZone: string): number {
  const day = Math.floor(epochSeconds / DAY) * DAY;
  const key = `${timeZone}|${day}`;
  let offsets = dayOffsets.get(key);
  if (offsets === undefined) {
    offsets = measureDay(day, timeZone);
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, offsets);
  }
  if (offsets === null) return measuredOffset(epochSeconds, timeZone);
  return epochSeconds < offsets.changeAt ? offsets.before : offsets.after;
}

const dayStarts = new Map<string, number>();

/**
 * The instant (Unix seconds) at which the given local date begins in the zone. Where DST starts
 * at midnight the day begins at 01:00 (America/Santiago 2022-09-11), which Temporal knows.
 */
export function startOfLocalDay(date: CalendarDate, timeZone: string): number {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds / 1000;
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

/** The local calendar date after `date` (handles month and year ends). */
export function nextDay(date: CalendarDate): CalendarDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

export function nextMonth(date: CalendarDate): CalendarDate {
  return date.month === 12
    ? { year: date.year + 1, month: 1, day: 1 }
    : { year: date.year, month: date.month + 1, day: 1 };
}

export function localDate(epochSeconds: number, timeZone: string): CalendarDate {
  const wallClock = new Date((epochSeconds + offsetSeconds(epochSeconds, timeZone)) * 1000);
  return { year: wallClock.getUTCFullYear(), month: wallClock.getUTCMonth() + 1, day: wallClock.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-30. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  return { year, month, day };
}

/** Parses `YYYY-MM` into the first day of that month. */
export function parseCalendarMonth(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (year < 1970 || month < 1 || month > 12) return null;
  return { year, month, day: 1 };
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

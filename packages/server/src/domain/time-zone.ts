/** Calendar arithmetic in the service time zone, with no I/O and no dependency. */

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

const QUARTER_HOUR = 900;
const DAY = 86_400;
const offsetCache = new Map<string, number>();

function cached(key: string, compute: () => number): number {
  let value = offsetCache.get(key);
  if (value === undefined) {
    value = compute();
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, value);
  }
  return value;
}

function measuredOffset(epochSeconds: number, timeZone: string): number {
  const p = localParts(epochSeconds, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - epochSeconds;
}

/**
 * The zone's UTC offset at an instant. Intl is slow enough to matter in bulk, so offsets are
 * cached: per UTC day when the offset is the same at both ends of it (no zone changes twice a
 * day), else per quarter hour (offsets change only on quarter-hour boundaries).
 */
export function offsetSeconds(epochSeconds: number, timeZone: string): number {
  const day = Math.floor(epochSeconds / DAY) * DAY;
  const daily = cached(`${timeZone}|d${day}`, () => {
    const start = measuredOffset(day, timeZone);
    return start === measuredOffset(day + DAY - 1, timeZone) ? start : NaN;
  });
  if (!Number.isNaN(daily)) return daily;
  const bucket = Math.floor(epochSeconds / QUARTER_HOUR) * QUARTER_HOUR;
  return cached(`${timeZone}|q${bucket}`, () => measuredOffset(bucket, timeZone));
}

/** The instant (Unix seconds) at which the given local date begins in the zone. */
export function startOfLocalDay(date: CalendarDate, timeZone: string): number {
  const wallClock = Date.UTC(date.year, date.month - 1, date.day) / 1000;
  const firstGuess = wallClock - offsetSeconds(wallClock, timeZone);
  // Near a DST change the offset at the guess can differ from the offset at wall-clock midnight.
  const secondOffset = offsetSeconds(firstGuess, timeZone);
  return wallClock - secondOffset;
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

/** Local wall-clock arithmetic in the service time zone on top of time-zone.ts, for bulk use. */
import { offsetSeconds, type CalendarDate } from './time-zone.js';

const DAY = 86_400;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-07-11 11:52:09`: an instant as the wall clock in the zone shows it (what a spreadsheet expects). */
export function formatLocalDateTime(epochSeconds: number, timeZone: string): string {
  const wall = new Date((epochSeconds + offsetSeconds(epochSeconds, timeZone)) * 1000);
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} `
    + `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

/**
 * The local wall clock with its UTC offset, `YYYY-MM-DD HH:MM:SS+09:00`: what people read, and one
 * instant exactly, also in the repeated hour when daylight saving time ends.
 */
export function formatLocalDateTimeWithOffset(epochSeconds: number, timeZone: string): string {
  const offset = offsetSeconds(epochSeconds, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60;
  return `${formatLocalDateTime(epochSeconds, timeZone)}${sign}${pad(Math.floor(minutes / 60))}:${pad(Math.floor(minutes % 60))}`;
}

/** A span of time over which the zone keeps one UTC offset. */
export interface OffsetSegment {
  /** Unix seconds at which this offset starts to apply (the first segment: the range's start). */
  start: number;
  offset: number;
}

/**
 * The zone's offsets over [from, to): one segment when the offset does not change (Asia/Seoul),
 * one more per DST change. Lets SQL turn instants into local days with plain arithmetic.
 */
export function offsetSegments(from: number, to: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ start: from, offset: offsetSeconds(from, timeZone) }];
  for (let day = from; day < to; day += DAY) {
    const current = segments[segments.length - 1]!.offset;
    const end = Math.min(day + DAY, to - 1);
    if (offsetSeconds(end, timeZone) === current) continue;
    // Offsets change at most once a day: find the first second of the new one.
    let [before, after] = [day, end];
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetSeconds(middle, timeZone) === current) before = middle;
      else after = middle;
    }
    segments.push({ start: after, offset: offsetSeconds(after, timeZone) });
  }
  return segments;
}

/** Whole local days since 1970-01-01 of an instant, given the zone's offset at that instant. */
export function localDayNumber(epochSeconds: number, offset: number): number {
  return Math.floor((epochSeconds + offset) / DAY);
}

export function calendarDateOfDayNumber(dayNumber: number): CalendarDate {
  const date = new Date(dayNumber * DAY * 1000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function dayNumberOfCalendarDate(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / 1000 / DAY;
}

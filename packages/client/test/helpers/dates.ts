const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of a UTC timestamp in Asia/Seoul (no daylight saving), the server's default zone. */
export function seoulDay(timestamp: string): string {
  return new Date(Date.parse(timestamp) + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** First and last day of the calendar month `monthsAgo` before the current one, in Seoul. */
export function seoulMonthRange(monthsAgo: number, now: Date = new Date()): { first: string; last: string; yearMonth: string } {
  const seoulNow = new Date(now.getTime() + SEOUL_OFFSET_MS);
  const first = new Date(Date.UTC(seoulNow.getUTCFullYear(), seoulNow.getUTCMonth() - monthsAgo, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { first: day(first), last: day(last), yearMonth: day(first).slice(0, 7) };
}

/** Calendar days in the service time zone, as `YYYY-MM-DD` strings, for the date presets. */

export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

export interface DateRange {
  from: string;
  to: string;
}

export interface DatePreset {
  id: string;
  label: string;
  /** The range for the given local day; null clears the dates. */
  range(today: string): DateRange | null;
}

export const DATE_PRESETS: readonly DatePreset[] = [
  { id: 'today', label: '오늘', range: (today) => ({ from: today, to: today }) },
  { id: '7d', label: '최근 7일', range: (today) => ({ from: addDays(today, -6), to: today }) },
  { id: 'month', label: '이번 달', range: (today) => ({ from: `${today.slice(0, 7)}-01`, to: today }) },
  {
    id: 'last-month',
    label: '지난 달',
    range: (today) => {
      const lastDay = addDays(`${today.slice(0, 7)}-01`, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    },
  },
  { id: 'all', label: '전체 기간', range: () => null },
];

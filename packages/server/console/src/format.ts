/** Numbers, money and times the way an operator in Korea reads them. */
const integer = new Intl.NumberFormat('ko-KR');
const compact = new Intl.NumberFormat('ko-KR', { notation: 'compact', maximumFractionDigits: 1 });

export const formatWon = (amount: number) => `₩${integer.format(amount)}`;
export const formatCount = (count: number) => `${integer.format(count)}건`;
export const formatNumber = (value: number) => integer.format(value);
/** `₩1.2억`, `₩350만`: for chart axes. */
export const formatCompactWon = (amount: number) => `₩${compact.format(amount)}`;

export const EMPTY = '—';

/** `2025-07-11 11:52:09` in the service time zone, from the API's UTC timestamps. */
export function dateTimeFormatter(timeZone: string): (timestamp: string | null) => string {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  return (timestamp) => {
    if (!timestamp) return EMPTY;
    const parts = Object.fromEntries(formatter.formatToParts(new Date(timestamp)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { localDate, offsetSeconds, startOfLocalDay, type CalendarDate } from '../src/domain/time-zone.js';

const FROM = Date.UTC(2000, 0, 1) / 1000;
const TO = Date.UTC(2036, 0, 1) / 1000;
/** Zones whose changes fall at or near midnight, on odd minutes, by 30 minutes, or skip whole days. */
const TRICKY_ZONES = [
  'America/Santiago', 'America/Goose_Bay', 'Pacific/Apia', 'America/Havana', 'America/Sao_Paulo', 'Asia/Beirut',
  'Asia/Gaza', 'Asia/Tehran', 'Africa/Casablanca', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Asuncion',
  'Europe/Moscow', 'Europe/Chisinau', 'America/Scoresbysund', 'Antarctica/Troll', 'Pacific/Kiritimati', 'Asia/Pyongyang',
  'America/Caracas', 'Asia/Kolkata', 'Asia/Seoul', 'America/New_York', 'Europe/London', 'UTC',
];
const ALL_ZONES = Intl.supportedValuesOf('timeZone');
/**
 * Every IANA zone takes ~15 s (Temporal's transition search is slow): `TZ_CHECK=all` runs them
 * all; by default the tricky ones and every fifth of the rest, a few seconds.
 */
const ZONES = process.env.TZ_CHECK === 'all'
  ? [...ALL_ZONES, 'UTC']
  : [...new Set([...TRICKY_ZONES, ...ALL_ZONES.filter((_zone, index) => index % 5 === 0)])];

/** Every UTC-offset change of a zone in [FROM, TO), in Unix seconds, as Temporal knows them. */
function transitions(timeZone: string): number[] {
  const found: number[] = [];
  let at: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(FROM * 1000).toZonedDateTimeISO(timeZone);
  for (;;) {
    at = at.getTimeZoneTransition('next');
    if (!at || at.epochMilliseconds / 1000 >= TO) return found;
    found.push(at.epochMilliseconds / 1000);
  }
}

/** The local date at an instant, read straight from Intl (not through the module's caches). */
function intlDate(epochSeconds: number, formatter: Intl.DateTimeFormat): string {
  return formatter.format(new Date(epochSeconds * 1000));
}

const iso = (date: CalendarDate) =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

describe(`time zones against Temporal and Intl, ${ZONES.length} IANA zones 2000–2035`, () => {
  it('a local day starts at 01:00 where DST begins at midnight', () => {
    const start = startOfLocalDay({ year: 2022, month: 9, day: 11 }, 'America/Santiago');
    assert.equal(new Date(start * 1000).toISOString(), '2022-09-11T04:00:00.000Z');
    assert.equal(iso(localDate(start - 1, 'America/Santiago')), '2022-09-10');
  });

  it('offsets, local dates and day starts agree around every offset change', () => {
    let checkedDays = 0;
    for (const timeZone of ZONES) {
      const formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (const change of transitions(timeZone)) {
        for (const instant of [change - 1, change, change + 1]) {
          const zoned = Temporal.Instant.fromEpochMilliseconds(instant * 1000).toZonedDateTimeISO(timeZone);
          assert.equal(offsetSeconds(instant, timeZone), zoned.offsetNanoseconds / 1e9, `offset ${timeZone} ${zoned}`);
          assert.equal(iso(localDate(instant, timeZone)), zoned.toPlainDate().toString(), `local date ${timeZone} ${zoned}`);
        }
        // The days on both sides of the change: each starts where Intl first shows that date.
        const changeDay = Temporal.Instant.fromEpochMilliseconds(change * 1000).toZonedDateTimeISO(timeZone).toPlainDate();
        for (const day of [changeDay.subtract({ days: 1 }), changeDay, changeDay.add({ days: 1 })]) {
          const start = startOfLocalDay({ year: day.year, month: day.month, day: day.day }, timeZone);
          const next = day.add({ days: 1 });
          if (start === startOfLocalDay({ year: next.year, month: next.month, day: next.day }, timeZone)) {
            // A day the zone skipped (Pacific/Apia 2011-12-30): empty, so it covers no instant.
            assert.equal(intlDate(start - 1, formatter), day.subtract({ days: 1 }).toString(), `${timeZone} ${day}: skipped`);
            continue;
          }
          assert.equal(intlDate(start, formatter), day.toString(), `${timeZone} ${day}: start shows the day`);
          assert.notEqual(intlDate(start - 1, formatter), day.toString(), `${timeZone} ${day}: a second earlier is the day before`);
          assert.equal(start, day.toZonedDateTime({ timeZone }).epochMilliseconds / 1000, `${timeZone} ${day}: Temporal's start of day`);
          checkedDays++;
        }
      }
    }
    assert.ok(checkedDays > ZONES.length * 10, `checked ${checkedDays} days next to offset changes`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCalendarDate, localDate, startOfLocalDay, formatCalendarDate } from '../src/domain/time-zone.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('service time zone arithmetic', () => {
  it('finds where a local day starts, across DST changes and fixed offsets', () => {
    const cases: Array<[string, string, string]> = [
      ['Asia/Seoul', '2025-02-01', '2025-01-31T15:00:00.000Z'],
      ['UTC', '2025-02-01', '2025-02-01T00:00:00.000Z'],
      ['America/New_York', '2025-03-09', '2025-03-09T05:00:00.000Z'],
      ['America/New_York', '2025-03-10', '2025-03-10T04:00:00.000Z'],
      ['America/New_York', '2025-11-02', '2025-11-02T04:00:00.000Z'],
      ['America/New_York', '2025-11-03', '2025-11-03T05:00:00.000Z'],
      ['Asia/Kolkata', '2025-06-01', '2025-05-31T18:30:00.000Z'],
    ];
    for (const [zone, day, expected] of cases) {
      assert.equal(iso(startOfLocalDay(parseCalendarDate(day)!, zone)), expected, `${zone} ${day}`);
    }
  });

  it('names the local date of an instant', () => {
    assert.equal(formatCalendarDate(localDate(Date.parse('2025-01-31T15:30:00Z') / 1000, 'Asia/Seoul')), '2025-02-01');
    assert.equal(formatCalendarDate(localDate(Date.parse('2025-01-31T14:59:59Z') / 1000, 'Asia/Seoul')), '2025-01-31');
    assert.equal(formatCalendarDate(localDate(Date.parse('2025-03-10T03:59:59Z') / 1000, 'America/New_York')), '2025-03-09');
  });

  it('rejects impossible dates', () => {
    for (const text of ['2025-02-29', '2025-02-30', '2025-04-31', '2025-00-10', '2025-1-01', '25-01-01', '2025-01-01T00:00']) {
      assert.equal(parseCalendarDate(text), null, text);
    }
    assert.deepEqual(parseCalendarDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
  });
});

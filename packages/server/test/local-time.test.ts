import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLocalDateTime, offsetSegments } from '../src/domain/local-time.js';
import { orderFilterParams } from '../src/domain/order-filter-params.js';
import { parseOrderFilter, type OrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { localDateTime } from './support/summary-export-oracle.js';

const at = (iso: string) => Date.parse(iso) / 1000;

test('a zone without DST has one offset segment', () => {
  assert.deepEqual(offsetSegments(at('2025-01-01T00:00:00Z'), at('2025-12-31T00:00:00Z'), 'Asia/Seoul'), [
    { start: at('2025-01-01T00:00:00Z'), offset: 9 * 3600 },
  ]);
});

test('DST changes split the range at the exact second', () => {
  const segments = offsetSegments(at('2025-03-01T00:00:00Z'), at('2025-11-30T00:00:00Z'), 'America/New_York');
  assert.deepEqual(segments, [
    { start: at('2025-03-01T00:00:00Z'), offset: -5 * 3600 },
    { start: at('2025-03-09T07:00:00Z'), offset: -4 * 3600 },
    { start: at('2025-11-02T06:00:00Z'), offset: -5 * 3600 },
  ]);
  // Lord Howe changes by half an hour.
  const lordHowe = offsetSegments(at('2025-04-01T00:00:00Z'), at('2025-04-10T00:00:00Z'), 'Australia/Lord_Howe');
  assert.deepEqual(lordHowe.map((s) => s.offset), [11 * 3600, 10.5 * 3600]);
});

test('local date-times agree with Intl, across DST changes too', () => {
  for (const zone of ['Asia/Seoul', 'America/New_York', 'Europe/Berlin']) {
    for (let t = at('2025-03-08T00:00:00Z'); t < at('2025-03-12T00:00:00Z'); t += 1_799) {
      assert.equal(formatLocalDateTime(t, zone), localDateTime(t, zone), `${zone} ${t}`);
    }
  }
  assert.equal(formatLocalDateTime(0x68707c59, 'Asia/Seoul'), '2025-07-11 11:52:09');
});

test('orderFilterParams is the inverse of parseOrderFilter', () => {
  const queries = [
    '',
    'cs_type=p_at&css_at=2025-01-01&cse_at=2025-01-31',
    'search_date_from=2024-12-31&status[]=1&status[]=3&payment_status=0,20',
    'user_id=u1&user_group_id=g1&order_subscription_ids=sub_1,sub_2&subscription_billing_type=2&keyword=세트',
    'order_type=link,subscription&created_before=2025-07-11T02:52:09Z&payment_failed=false',
  ];
  for (const timeZone of ['Asia/Seoul', 'America/New_York']) {
    for (const query of queries) {
      const filter: OrderFilter = parseOrderFilter(parseQueryString(query), timeZone);
      const params = orderFilterParams(filter, timeZone);
      assert.deepEqual(parseOrderFilter(parseQueryString(new URLSearchParams(params).toString()), timeZone), filter, query);
    }
  }
  assert.deepEqual(orderFilterParams(parseOrderFilter(parseQueryString('search_date_to=2025-02-28&status=2,1'), 'Asia/Seoul'), 'Asia/Seoul'), {
    cse_at: '2025-02-28',
    status: '2,1',
  });
});
